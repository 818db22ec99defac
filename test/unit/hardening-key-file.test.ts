// Key files are read with a 64 KiB cap, every wait for them ends on abort, and one that group or
// others can read is worth a warning.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveApiKey } from '../../src/config/api-key.js';
import { KEY_MAX_BYTES } from '../../src/config/key-input.js';
import { QiError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'qobra-imports-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function keyFile(text: string, mode = 0o600): string {
  const file = join(dir, `key-${counter++}`);
  writeFileSync(file, text);
  chmodSync(file, mode);
  return file;
}

const noStdin = () => Readable.from([]);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('--api-key-file: the 64 KiB cap', () => {
  it('accepts a key of exactly 64 KiB and refuses one byte more, saying the cap', async () => {
    const exact = keyFile('k'.repeat(KEY_MAX_BYTES));
    expect(await resolveApiKey({ apiKeyFile: exact, env: {}, stdin: noStdin() })).toHaveLength(KEY_MAX_BYTES);
    const over = keyFile('k'.repeat(KEY_MAX_BYTES + 1));
    const error = await rejection(resolveApiKey({ apiKeyFile: over, env: {}, stdin: noStdin() }));
    expect(error).toBeInstanceOf(QiError);
    expect(error).toMatchObject({ code: 'usage', exitCode: 2 });
    expect((error as QiError).message).toBe(
      `--api-key-file ${over} is longer than 64 KiB, the most an API key may take`,
    );
  });

  it('stops reading /dev/zero at the cap', async () => {
    const error = await rejection(resolveApiKey({ apiKeyFile: '/dev/zero', env: {}, stdin: noStdin() }));
    expect((error as QiError).message).toContain('/dev/zero is longer than 64 KiB');
  });

  it('caps stdin the same way', async () => {
    const stdin = Readable.from([Buffer.alloc(KEY_MAX_BYTES, 'k'), Buffer.from('k')]);
    const error = await rejection(resolveApiKey({ apiKeyFile: '-', env: {}, stdin }));
    expect((error as QiError).message).toContain('the key read from stdin is longer than 64 KiB');
  });

  it('says so for a directory', async () => {
    const error = await rejection(resolveApiKey({ apiKeyFile: dir, env: {}, stdin: noStdin() }));
    expect((error as QiError).message).toBe(`cannot read --api-key-file ${dir}: it is a directory`);
  });
});

describe('--api-key-file: every wait ends on abort', () => {
  it('a FIFO nobody writes to', async () => {
    const fifo = join(dir, `fifo-${counter++}`);
    execFileSync('mkfifo', [fifo]);
    const controller = new AbortController();
    const reason = new QiError('interrupted', 'terminated', { exitCode: 143 });
    const pending = rejection(
      resolveApiKey({ apiKeyFile: fifo, env: {}, stdin: noStdin(), signal: controller.signal }),
    );
    setTimeout(() => controller.abort(reason), 50);
    expect(await pending).toBe(reason);
  });

  it('stdin that never ends', async () => {
    const controller = new AbortController();
    const reason = new QiError('interrupted', 'interrupted', { exitCode: 130 });
    const stdin = new PassThrough();
    stdin.write('sk_live_');
    const pending = rejection(resolveApiKey({ apiKeyFile: '-', env: {}, stdin, signal: controller.signal }));
    setTimeout(() => controller.abort(reason), 50);
    expect(await pending).toBe(reason);
  });
});

describe('--api-key-file readable by group or others', () => {
  it('warns (once, naming the file and the fix) and still uses the key; 0600 and 0400 are quiet', async () => {
    for (const mode of [0o644, 0o640, 0o604]) {
      const warnings: string[] = [];
      const file = keyFile('k1\n', mode);
      const key = await resolveApiKey({
        apiKeyFile: file,
        env: {},
        stdin: noStdin(),
        warn: (m) => warnings.push(m),
      });
      expect(key).toBe('k1');
      expect(warnings).toEqual([
        `--api-key-file ${file} is readable by group or others; consider: chmod 600 '${file}'`,
      ]);
    }
    for (const mode of [0o600, 0o400]) {
      const warnings: string[] = [];
      const file = keyFile('k1\n', mode);
      await resolveApiKey({ apiKeyFile: file, env: {}, stdin: noStdin(), warn: (m) => warnings.push(m) });
      expect(warnings).toEqual([]);
    }
  });

  it('the credentials file keeps its refusal', async () => {
    const home = join(dir, `xdg-${counter++}`);
    mkdirSync(join(home, 'qobra-imports'), { recursive: true });
    writeFileSync(join(home, 'qobra-imports', 'credentials'), 'k1\n', { mode: 0o644 });
    chmodSync(join(home, 'qobra-imports', 'credentials'), 0o644);
    const error = await rejection(
      resolveApiKey({ apiKeyFile: undefined, env: { XDG_CONFIG_HOME: home }, stdin: noStdin() }),
    );
    expect((error as QiError).message).toContain('chmod 600');
  });
});
