// Several processes appending to one history at once, compacting as they go: every line parses,
// and no entry is lost or torn.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../../src/history/entry.js';
import { readHistory } from '../../src/history/file.js';

const PROCESSES = 6;
const APPENDS = 40;

/** The history's file module on its own, runnable by a plain `node` child. */
function bundleHistoryFile(dir: string): string {
  const outfile = join(dir, 'history-file.cjs');
  buildSync({
    entryPoints: [fileURLToPath(new URL('../../src/history/file.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

const WRITER = `
const [bundle, path, name, count, compactAt] = process.argv.slice(1);
const { appendHistory } = require(bundle);
for (let i = 0; i < Number(count); i++) {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  appendHistory(path, [{ id: name + '-' + i, at, status: 'finished', outcome: 'succeeded', tables: 2, rejected: i }], Number(compactAt));
}
`;

function runWriter(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', WRITER, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', resolve);
  });
}

describe('history under concurrent writers', () => {
  it.each([
    ['appending only', Number.MAX_SAFE_INTEGER],
    ['compacting every few kilobytes meanwhile', 4096],
  ])(
    '%s: nothing lost, nothing torn',
    async (_title, compactAt) => {
      const dir = mkdtempSync(join(tmpdir(), 'qi-history-concurrent-'));
      const bundle = bundleHistoryFile(dir);
      const path = join(dir, 'state', 'qobra-imports', 'history.jsonl');
      const codes = await Promise.all(
        Array.from({ length: PROCESSES }, (_, p) =>
          runWriter([bundle, path, `p${p}`, String(APPENDS), String(compactAt)]),
        ),
      );
      expect(codes).toEqual(Array(PROCESSES).fill(0));
      const lines = readFileSync(path, 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines.filter((line) => parseEntry(line) === undefined)).toEqual([]);
      const read = readHistory(path);
      expect(read.problems).toEqual([]);
      const expected = Array.from({ length: PROCESSES }, (_, p) =>
        Array.from({ length: APPENDS }, (_, i) => `p${p}-${i}`),
      ).flat();
      expect(read.entries.map((entry) => entry.id).sort()).toEqual(expected.sort());
      expect(statSync(path).mode & 0o777).toBe(0o600);
    },
    60_000,
  );
});
