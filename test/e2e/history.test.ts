// The built command against the sandbox: the history it keeps, `@last`, and `list`.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { runCli } from './harness.js';

const DOCUMENTED = '647a13fe875af4b4eb7133c2';
const PARSE_ERRORS = '64b0c1ea0000000000000002';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

describe('history, end to end', () => {
  it('status and errors remember what they looked up; list and @last find it again', async () => {
    const stateHome = mkdtempSync(join(tmpdir(), 'qi-e2e-history-'));
    const env = {
      QOBRA_BASE_URL: sandbox.url,
      XDG_STATE_HOME: stateHome,
      QOBRA_IMPORTS_NO_HISTORY: undefined,
    };
    expect((await runCli(['status', DOCUMENTED, '--json'], { env })).code).toBe(1);
    expect((await runCli(['errors', PARSE_ERRORS, '--json', '--limit', '1'], { env })).code).toBe(1);
    const path = join(stateHome, 'qobra-imports', 'history.jsonl');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(stateHome, 'qobra-imports')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8')).not.toContain('sk_test_DO_NOT_PRINT');

    const list = await runCli(['list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(
        `^${PARSE_ERRORS} finished with errors, 4 data tables, 382 rejected rows, looked at .* UTC\\n${DOCUMENTED} finished with errors, 2 data tables, 1 rejected row, looked at .* UTC\\n$`,
      ),
    );
    expect(list.stderr).toBe('');

    const last = await runCli(['status', '@last~1', '--json'], { env });
    expect(last.code).toBe(1);
    expect(JSON.parse(last.stdout).data_import.id).toBe(DOCUMENTED);

    const beyond = await runCli(['status', '@last~2', '--json'], { env });
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toContain('@last~2: the history holds 2 imports');

    const json = await runCli(['list', '--json', '--refresh'], { env });
    expect(json.code).toBe(0);
    expect(
      json.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).id),
    ).toEqual([DOCUMENTED, PARSE_ERRORS]);
  });
});
