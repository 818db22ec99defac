// `errors` end to end: the built binary against the built-in sandbox on 127.0.0.1.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '../../src/sandbox/plans.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { BIN, lastErrorDocument, runCli } from './harness.js';

let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, timeScale: 20 });
  env = { QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'anything' };
});
afterAll(() => sandbox.close());

const CONTRACT_KEYS = [
  'import_id',
  'data_table_key',
  'title',
  'description',
  'line_number',
  'row',
  'details',
];

describe('errors', () => {
  it('prints one plain line per rejected row when piped, and exits 1', async () => {
    const run = await runCli(['errors', SCENARIO_IDS.parseErrors], { env });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(382);
    expect(lines.every((line) => /^\S+ line \d+: /.test(line))).toBe(true);
    expect(run.stdout).not.toMatch(/[\u001b┌│]/);
    expect(run.stderr).toContain('opportunities');
  });

  it('--json: one contract-shaped document per row', async () => {
    const run = await runCli(['errors', SCENARIO_IDS.documented, '--json'], { env });
    expect(run.code).toBe(1);
    const rows = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toEqual([
      {
        import_id: SCENARIO_IDS.documented,
        data_table_key: 'opportunities',
        title: 'ParsingError',
        description: "Can't parse 'AAAAA' as float for user attribute amount",
        line_number: 1,
        row: { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
        details: "ValueError: could not convert string to float: 'AAAAA'",
      },
    ]);
    expect(Object.keys(rows[0])).toEqual(CONTRACT_KEYS);
  });

  it('--csv: header then the rows, exactly as sent', async () => {
    const run = await runCli(['errors', SCENARIO_IDS.documented, '--csv'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `data_table_key,line_number,details,id,name,user,amount\r\nopportunities,1,ValueError: could not convert string to float: 'AAAAA',1,Great opportunity,user@example.fr,AAAAA\r\n`,
    );
  });

  it('--table with a typo is a usage error (2) that suggests the key meant, and prints no rows', async () => {
    const run = await runCli(['errors', SCENARIO_IDS.parseErrors, '--table', 'oportunities'], { env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('did you mean --table opportunities?');
    expect(run.stderr).toMatch(/data tables: .*opportunities/);
    expect(run.stderr).not.toContain('no rejected rows');
  });

  it('--table and --limit narrow what is shown', async () => {
    const run = await runCli(
      ['errors', SCENARIO_IDS.parseErrors, '--table', 'users', '--limit', '5', '--json'],
      { env },
    );
    expect(run.code).toBe(1);
    const rows = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row.data_table_key))).toEqual(new Set(['users']));
  });

  it('exits 8 for an import still running, and 0 for one without rejected rows', async () => {
    expect((await runCli(['errors', SCENARIO_IDS.stuck], { env })).code).toBe(8);
    const flaky = await runCli(['errors', SCENARIO_IDS.flaky], { env, timeoutMs: 20_000 });
    expect(flaky.code).toBe(0);
    expect(flaky.stdout).toBe('');
    expect(flaky.stderr).toContain('HTTP 503; retrying in');
  });

  it('streams all 100,000 rows of the big import', async () => {
    const run = await runCli(['errors', SCENARIO_IDS.big, '--json'], { env, timeoutMs: 30_000 });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(100_000);
    expect(Object.keys(JSON.parse(lines[99_999] ?? ''))).toEqual(CONTRACT_KEYS);
  });

  it('ends quietly and at once when the reader goes away (| head)', async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'errors', SCENARIO_IDS.big, '--json'], {
        env: { ...env, PATH: process.env.PATH ?? '' },
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(result.code).toBe(1);
  });

  it('stops streaming on Ctrl-C and exits 130', async () => {
    const result = await new Promise<{ code: number | null; lines: number; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'errors', SCENARIO_IDS.big, '--json'], {
        env: { ...env, PATH: process.env.PATH ?? '' },
      });
      let stdout = '';
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      // Read slowly at first, so the CLI is mid-stream (its pipe full) when Ctrl-C comes.
      child.stdout.setEncoding('utf8').once('data', (chunk: string) => {
        stdout += chunk;
        child.stdout.pause();
        child.kill('SIGINT');
        setTimeout(() => child.stdout.resume(), 200);
      });
      child.stdout.on('data', (chunk: string) => {
        if (!child.stdout.isPaused()) stdout += chunk;
      });
      child.on('close', (code) => resolve({ code, lines: stdout.split('\n').length - 1, stderr }));
    });
    expect(result.code).toBe(130);
    expect(result.lines).toBeLessThan(100_000);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe(
      '{"error":{"code":"interrupted","message":"interrupted","exit_code":130}}',
    );
  });

  it('reports a malformed body with exit 6 and the JSON error document', async () => {
    const run = await runCli(['errors', SCENARIO_IDS.malformed, '--json'], { env });
    expect(run.code).toBe(6);
    expect(run.stdout).toBe('');
    expect(lastErrorDocument(run.stderr).error.code).toBe('bad_response');
  });
});
