// `-` as the id list: the built binary reads the ids from stdin, as `… | jq -r .import_id | qobra-imports watch -` needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '../../src/sandbox/plans.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { runCli } from './harness.js';

let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, timeScale: 20 });
  env = { QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'anything' };
});
afterAll(() => sandbox.close());

describe('ids from stdin', () => {
  it('status - reads one id a line and reports each, in order', async () => {
    const ids = [SCENARIO_IDS.documented, SCENARIO_IDS.parseErrors];
    const run = await runCli(['status', '-', '--json'], { env, input: `${ids.join('\n')}\n` });
    expect(run.code).toBe(1);
    const seen = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line).data_import.id);
    expect(seen).toEqual(ids);
  });

  it('watch - follows the ids piped in (whitespace separated)', async () => {
    const run = await runCli(['watch', '-', '--interval', '0.2', '--timeout', '20s', '--json'], {
      env,
      input: ` ${SCENARIO_IDS.documented}\t\n`,
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout.trimEnd().split('\n').at(-1) ?? '').data_import.id).toBe(
      SCENARIO_IDS.documented,
    );
  }, 35_000);

  it('- together with --api-key-file - is a usage error (2)', async () => {
    const run = await runCli(['status', '-', '--api-key-file', '-'], { env, input: 'x\n' });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^qobra-imports: error: `-` cannot read both/m);
  });

  it('an empty stdin is a usage error (2)', async () => {
    const run = await runCli(['errors', '-'], { env, input: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no import ids on stdin');
  });
});
