// The history through main(): what status records, `@last`, `list` in its three formats, --refresh,
// and the ways to turn it off. Every history lives in a temp folder.

import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FetchedImport } from '../../src/api/client.js';
import type { DataImport } from '../../src/api/schema.js';
import type { CliDeps } from '../../src/cli/cli-deps.js';
import { lazyCommandRunners } from '../../src/cli/runners.js';
import { main } from '../../src/cli.js';
import { QiError } from '../../src/errors.js';
import { jsonText } from '../helpers/builders.js';
import { captureOutput, type FakeDeps, fakeDeps } from '../helpers/fake-deps.js';

const A = '647a13fe875af4b4eb7133c2';
const B = '64b0c1ea0000000000000001';

const anImport = (id: string, status: string, rejected = 0): DataImport => ({
  id,
  created_at: '2024-06-25T10:00:00Z',
  launched_at: null,
  finished_at: null,
  status,
  progress: 100,
  data_tables_details: [
    {
      type: 'api',
      status,
      data_table_key: 'opportunities',
      progress: 100,
      number_of_records: 3,
      error:
        rejected > 0
          ? {
              title: 'ParsingError',
              description: null,
              parsing_error_details: Array.from({ length: rejected }, (_, i) => ({
                line_number: i + 1,
                row: { amount: 'x' },
                details: 'bad',
              })),
            }
          : null,
    },
  ],
});

interface Machine {
  stateHome: string;
  imports: Record<string, DataImport>;
  fetched: string[];
  run(
    argv: string[],
    options?: { tty?: boolean; env?: Record<string, string> },
  ): Promise<FakeDeps & { code: number }>;
}

/** One machine: a history in a temp folder, an API answering from `imports`, a clock a minute on per run. */
function machine(): Machine {
  const stateHome = mkdtempSync(join(tmpdir(), 'qi-history-cli-'));
  const imports: Record<string, DataImport> = {};
  const fetched: string[] = [];
  let clock = Date.parse('2026-12-02T04:00:00Z');
  const fetchImport = async (id: string): Promise<FetchedImport> => {
    fetched.push(id);
    const dataImport = imports[id];
    if (!dataImport) throw new QiError('not_found', `import ${id} not found`);
    return {
      id,
      raw: jsonText(JSON.stringify({ data_import: dataImport })),
      document: { data_import: dataImport },
    };
  };
  return {
    stateHome,
    imports,
    fetched,
    async run(argv, options = {}) {
      clock += 60_000;
      const at = clock;
      const base = fakeDeps({
        env: { XDG_STATE_HOME: stateHome, ...options.env },
        now: () => at,
        ...(options.tty ? { stdout: captureOutput({ isTTY: true, columns: 120 }) } : {}),
      });
      const deps: FakeDeps & CliDeps = Object.assign(base, {
        connect: async () => ({
          api: { fetchImport, fetchImportOnce: fetchImport },
          apiKey: 'secret-test-key',
        }),
        commands: lazyCommandRunners,
      });
      const code = await main(argv, deps);
      return Object.assign(deps, { code });
    },
  };
}

const historyFile = (m: Machine) => join(m.stateHome, 'qobra-imports', 'history.jsonl');

describe('the history through the command line', () => {
  it('status remembers each import it fetched, after the result is out; a failed look-up is not remembered', async () => {
    const m = machine();
    m.imports[A] = anImport(A, 'finished', 2);
    const run = await m.run(['status', A, B, '--json']);
    expect(run.code).toBe(3);
    const lines = readFileSync(historyFile(m), 'utf8').trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toStrictEqual([
      {
        id: A,
        at: '2026-12-02T04:01:00.000Z',
        status: 'finished',
        outcome: 'failed',
        tables: 1,
        rejected: 2,
      },
    ]);
    expect(readFileSync(historyFile(m), 'utf8')).not.toContain('secret-test-key');
  });

  it('watch remembers the last state it saw, errors what it fetched', async () => {
    const m = machine();
    m.imports[A] = anImport(A, 'finished', 1);
    m.imports[B] = anImport(B, 'finished');
    expect((await m.run(['watch', A, '--json'])).code).toBe(1);
    expect((await m.run(['errors', B, '--json'])).code).toBe(0);
    const ids = await m.run(['list', '--ids-only']);
    expect(ids.stdout.text).toBe(`${B}\n${A}\n`);
  });

  it('@last and @last~1 stand for the latest ids, in every command that takes ids', async () => {
    const m = machine();
    m.imports[A] = anImport(A, 'finished');
    m.imports[B] = anImport(B, 'started');
    await m.run(['status', A]);
    await m.run(['status', B]);
    m.fetched.length = 0;
    expect((await m.run(['status', '@last', '@last~1', '--json'])).code).toBe(8);
    // Looking again makes an id the latest: the last one of that run (A) is now @last.
    expect((await m.run(['errors', '@last', '--json'])).code).toBe(0);
    expect(m.fetched).toEqual([B, A, A]);
  });

  it('@last~N beyond the history is a usage error (2) that says how far it goes', async () => {
    const m = machine();
    m.imports[A] = anImport(A, 'finished');
    await m.run(['status', A]);
    const run = await m.run(['status', '@last~1']);
    expect(run.code).toBe(2);
    expect(run.stderr.text).toContain('@last~1: the history holds 1 import (@last to @last~0)');
  });

  it('list: newest first, one line per id (its latest record) piped, NDJSON with --json, a table on a terminal', async () => {
    const m = machine();
    m.imports[A] = anImport(A, 'started');
    m.imports[B] = anImport(B, 'finished');
    await m.run(['status', A]);
    await m.run(['status', B]);
    m.imports[A] = anImport(A, 'finished', 1);
    await m.run(['status', A]);

    const plain = await m.run(['list']);
    expect(plain.code).toBe(0);
    expect(plain.stdout.text).toBe(
      `${A} finished with errors, 1 data table, 1 rejected row, looked at 2026-12-02 04:03:00 UTC\n` +
        `${B} finished, 1 data table, 0 rejected rows, looked at 2026-12-02 04:02:00 UTC\n`,
    );

    const json = await m.run(['list', '--json', '--limit', '1']);
    expect(
      json.stdout.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toStrictEqual([
      {
        id: A,
        at: '2026-12-02T04:03:00.000Z',
        status: 'finished',
        outcome: 'failed',
        tables: 1,
        rejected: 1,
      },
    ]);

    const ids = await m.run(['list', '--ids-only']);
    expect(ids.stdout.text).toBe(`${A}\n${B}\n`);

    const table = await m.run(['list', '--no-color'], { tty: true });
    const rows = table.stdout.text.split('\n');
    expect(rows[0]).toMatch(/^┌─/);
    expect(rows.find((row) => row.includes(A))).toMatch(
      /│ @last +│ 647a13fe875af4b4eb7133c2 │ finished with errors │ +1 │ +1 │/,
    );
    expect(rows.find((row) => row.includes(B))).toMatch(/│ @last~1 +│/);
  });

  it('list --refresh looks each one up again and updates the history', async () => {
    const m = machine();
    m.imports[A] = anImport(A, 'started');
    await m.run(['status', A]);
    m.imports[A] = anImport(A, 'finished');
    m.fetched.length = 0;
    const run = await m.run(['list', '--refresh', '--json']);
    expect(m.fetched).toEqual([A]);
    expect(JSON.parse(run.stdout.text)).toMatchObject({ id: A, status: 'finished', outcome: 'succeeded' });
    expect(JSON.parse((await m.run(['list', '--json'])).stdout.text)).toMatchObject({ status: 'finished' });
  });

  it('an empty history lists nothing and says so on stderr', async () => {
    const run = await machine().run(['list']);
    expect([run.code, run.stdout.text]).toEqual([0, '']);
    expect(run.stderr.text).toContain('no imports remembered yet');
  });

  it('a damaged history is skipped with a warning, never a failure', async () => {
    const m = machine();
    m.imports[A] = anImport(A, 'finished');
    await m.run(['status', A]);
    appendFileSync(historyFile(m), '{"torn":\n');
    const run = await m.run(['list', '--ids-only']);
    expect([run.code, run.stdout.text]).toEqual([0, `${A}\n`]);
    expect(run.stderr.text).toContain('warning: skipped 1 damaged line in the history');
  });

  it.each<[string, string[], Record<string, string>]>([
    ['--no-history', ['--no-history', 'status', A], {}],
    ['QOBRA_IMPORTS_NO_HISTORY=1', ['status', A], { QOBRA_IMPORTS_NO_HISTORY: '1' }],
  ])('%s: nothing is written, and list or @last say the history is off (2)', async (_title, argv, env) => {
    const m = machine();
    m.imports[A] = anImport(A, 'finished');
    expect((await m.run(argv, { env })).code).toBe(0);
    expect(existsSync(historyFile(m))).toBe(false);
    const list = await m.run(['list', ...argv.filter((a) => a === '--no-history')], { env });
    expect(list.code).toBe(2);
    expect(list.stderr.text).toContain('the history is off');
  });
});
