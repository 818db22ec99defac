// Files that hold something personal: 0600 in a 0700 folder, replaced atomically.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder, writeFileAtomic } from '../../src/util/private-files.js';

describe('private files', () => {
  it('makeFolder creates missing parents, the folder itself 0700', () => {
    const root = mkdtempSync(join(tmpdir(), 'qi-private-'));
    const folder = join(root, 'a', 'b', 'qobra-imports');
    makeFolder(folder);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    makeFolder(folder); // already there: nothing to do
    expect(statSync(folder).isDirectory()).toBe(true);
  });

  it('writeFileAtomic writes 0600 whatever the umask, and leaves no temporary file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'qi-private-'));
    const path = join(folder, 'credentials');
    const umask = process.umask(0);
    try {
      writeFileAtomic(path, 'key\n');
    } finally {
      process.umask(umask);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('key\n');
    expect(readdirSync(folder)).toEqual(['credentials']);
  });

  it('a write that fails leaves the old file as it was and cleans up after itself', () => {
    const folder = mkdtempSync(join(tmpdir(), 'qi-private-'));
    const path = join(folder, 'credentials');
    // A non-empty folder where the file should go: the rename fails.
    mkdirSync(path);
    writeFileSync(join(path, 'inside'), 'old');
    expect(() => writeFileAtomic(path, 'new\n')).toThrow();
    expect(readdirSync(folder)).toEqual(['credentials']);
    expect(readFileSync(join(path, 'inside'), 'utf8')).toBe('old');
  });
});
