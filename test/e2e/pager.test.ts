// `errors` taller than the screen goes through $PAGER on a terminal; --no-pager, a pipe, or a pager
// that cannot be started write directly. A fake pager records what it received.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCENARIO_IDS as IDS } from '../../src/sandbox/plans.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { runCli } from './harness.js';
import { runInPty } from './pty.js';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let dir: string;
let pager: string;
let record: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'qobra-pager-'));
  pager = join(dir, 'record-pager');
  record = join(dir, 'received.txt');
  writeFileSync(pager, `#!/bin/sh\ncat > '${record}'\n`);
  chmodSync(pager, 0o755);
  env = { QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'any-key-works', PAGER: pager };
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => rmSync(record, { force: true }));

describe('errors through the pager', () => {
  it.each([60, 100])(
    'at %i columns: taller than the screen, the pager gets summary and rows',
    async (columns) => {
      const run = await runInPty(['errors', IDS.parseErrors], { env, columns, rows: 20 });
      expect(run.code).toBe(1);
      const received = readFileSync(record, 'utf8');
      expect(received).toContain('382');
      expect(received).toContain('opportunities');
      expect(received.split('\n').length).toBeGreaterThan(20);
      // Nothing of it was written to the terminal directly.
      expect(run.output).not.toContain('opportunities');
    },
  );

  it('writes what fits the screen directly', async () => {
    const run = await runInPty(['errors', IDS.documented], { env, columns: 100, rows: 40 });
    expect(run.code).toBe(1);
    expect(existsSync(record)).toBe(false);
    expect(run.output).toContain('opportunities');
  });

  it('--no-pager writes directly', async () => {
    const run = await runInPty(['errors', IDS.parseErrors, '--no-pager'], { env, columns: 100, rows: 20 });
    expect(run.code).toBe(1);
    expect(existsSync(record)).toBe(false);
    expect(run.output).toContain('opportunities');
  });

  it('piped output never goes through the pager', async () => {
    const run = await runCli(['errors', IDS.parseErrors], { env });
    expect(run.code).toBe(1);
    expect(existsSync(record)).toBe(false);
    expect(run.stdout).toContain('opportunities');
  });

  it('a pager that cannot be started falls back to direct output', async () => {
    const run = await runInPty(['errors', IDS.parseErrors], {
      env: { ...env, PAGER: join(dir, 'no-such-pager') },
      columns: 100,
      rows: 20,
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain('opportunities');
  });
});
