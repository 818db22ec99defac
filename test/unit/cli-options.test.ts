// argv → options, as gh's TestNewCmd* tables do: `main(argv, deps)` with recording commands and a
// recording connect, for every command. Each command line must reach its command as exactly these
// options; usage errors exit 2 before anything connects or runs; and main() runs the real commands
// against a fake API.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { FetchedImport, ImportsApi } from '../../src/api/client.js';
import type { DataImport } from '../../src/api/schema.js';
import type { CliDeps, CommandRunners, Connect } from '../../src/cli/cli-deps.js';
import type { ConnectionOptions } from '../../src/cli/connect.js';
import { lazyCommandRunners } from '../../src/cli/runners.js';
import { main } from '../../src/cli.js';
import type { CommandResult } from '../../src/commands/command.js';
import { QiError } from '../../src/errors.js';
import { jsonText } from '../helpers/builders.js';
import { type FakeDeps, fakeDeps } from '../helpers/fake-deps.js';

const ID = '647a13fe875af4b4eb7133c2';
const ID2 = '647a13fe875af4b4eb7133c3';
// The report flags write their files when the command ends, even here: into a folder of our own.
const REPORTS = mkdtempSync(join(tmpdir(), 'qobra-cli-options-'));
const JUNIT = join(REPORTS, 'report.xml');
const SUMMARY = join(REPORTS, 'summary.json');
afterAll(() => rmSync(REPORTS, { recursive: true, force: true }));

type CommandName = keyof CommandRunners;

interface Wiring {
  deps: FakeDeps & CliDeps;
  /** Each command run, with the options it received. */
  calls: { command: CommandName; options: unknown }[];
  /** Each connection made, with the options connect received. */
  connections: ConnectionOptions[];
}

/** Deps whose commands only record their options and answer `exitCode`, and whose connect records its options. */
function wiring(exitCode = 0, api: ImportsApi = unusedApi): Wiring {
  const calls: Wiring['calls'] = [];
  const connections: ConnectionOptions[] = [];
  const record =
    (command: CommandName) =>
    async (options: unknown): Promise<CommandResult> => {
      calls.push({ command, options });
      return { exitCode };
    };
  const connect: Connect = async (options) => {
    connections.push(options);
    return { api, apiKey: 'secret-test-key' };
  };
  const commands: CommandRunners = {
    status: record('status'),
    watch: record('watch'),
    errors: record('errors'),
    list: record('list'),
    authLogin: record('authLogin'),
    authStatus: record('authStatus'),
    authLogout: record('authLogout'),
    completion: record('completion'),
    sandbox: record('sandbox'),
  };
  // An empty history of its own (never the real home's): `list` reads it, `@last` finds nothing.
  const env = { XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'qi-cli-options-')) };
  return { deps: Object.assign(fakeDeps({ env }), { connect, commands }), calls, connections };
}

const unusedApi: ImportsApi = {
  fetchImport: () => Promise.reject(new Error('no look-up expected')),
  fetchImportOnce: () => Promise.reject(new Error('no look-up expected')),
};

describe('argv → the options each command receives', () => {
  it.each<[string, string[], CommandName, unknown]>([
    ['status, one id', ['status', ID], 'status', { json: false, ids: [ID] }],
    [
      'status, several ids and --json',
      ['status', ID, ID2, '--json'],
      'status',
      { json: true, ids: [ID, ID2] },
    ],
    [
      'status, --no-color before the command',
      ['--no-color', 'status', ID],
      'status',
      { json: false, color: false, ids: [ID] },
    ],
    [
      'status, --color after the ids',
      ['status', ID, '--color'],
      'status',
      { json: false, color: true, ids: [ID] },
    ],
    [
      'watch, defaults (interval 2 s, no timeout, bell on)',
      ['watch', ID],
      'watch',
      { json: false, ids: [ID], intervalMs: 2000, failFast: false, quiet: false, bell: true },
    ],
    [
      'watch, every flag',
      [
        'watch',
        ID,
        ID2,
        '--interval',
        '0.5',
        '--timeout',
        '1h30m',
        '--json',
        '--fail-fast',
        '--quiet',
        '--no-bell',
      ],
      'watch',
      {
        json: true,
        ids: [ID, ID2],
        intervalMs: 500,
        timeoutMs: 5_400_000,
        failFast: true,
        quiet: true,
        bell: false,
      },
    ],
    [
      'watch, a bare --timeout is seconds and the interval is whole milliseconds',
      ['watch', ID, '--timeout', '90', '--interval', '0.1234'],
      'watch',
      {
        json: false,
        ids: [ID],
        intervalMs: 123,
        timeoutMs: 90_000,
        failFast: false,
        quiet: false,
        bell: true,
      },
    ],
    [
      'errors, defaults (every table, no limit)',
      ['errors', ID],
      'errors',
      { json: false, ids: [ID], csv: false, safeCsv: false, tables: [], all: false },
    ],
    [
      'errors --json --limit',
      ['errors', ID, ID2, '--json', '--limit', '10'],
      'errors',
      { json: true, ids: [ID, ID2], csv: false, safeCsv: false, tables: [], limit: 10, all: false },
    ],
    [
      'errors --csv --safe-csv, --table twice, --all, --no-color',
      [
        'errors',
        ID,
        '--csv',
        '--safe-csv',
        '--table',
        'opportunities',
        '--table',
        'payments',
        '--all',
        '--no-color',
      ],
      'errors',
      {
        json: false,
        color: false,
        ids: [ID],
        csv: true,
        safeCsv: true,
        tables: ['opportunities', 'payments'],
        all: true,
      },
    ],
    [
      'status --junit --summary-json',
      ['status', ID, '--junit', JUNIT, '--summary-json', SUMMARY],
      'status',
      { json: false, ids: [ID], reports: { junit: JUNIT, summaryJson: SUMMARY, ciReport: true } },
    ],
    [
      'watch --no-ci-report',
      ['watch', ID, '--no-ci-report'],
      'watch',
      {
        json: false,
        ids: [ID],
        intervalMs: 2000,
        failFast: false,
        quiet: false,
        bell: true,
        reports: { ciReport: false },
      },
    ],
    [
      'errors --csv --junit',
      ['errors', ID, '--csv', '--junit', JUNIT],
      'errors',
      {
        json: false,
        ids: [ID],
        csv: true,
        safeCsv: false,
        tables: [],
        all: false,
        reports: { junit: JUNIT, ciReport: true },
      },
    ],
    ['list, defaults', ['list'], 'list', { json: false, refresh: false, idsOnly: false }],
    [
      'list --json --refresh --limit',
      ['list', '--json', '--refresh', '--limit', '5'],
      'list',
      { json: true, refresh: true, idsOnly: false, limit: 5 },
    ],
    ['list --ids-only', ['list', '--ids-only'], 'list', { json: false, refresh: false, idsOnly: true }],
    ['status, --no-history is global', ['--no-history', 'status', ID], 'status', { json: false, ids: [ID] }],
    ['auth login', ['auth', 'login'], 'authLogin', {}],
    ['auth status', ['auth', 'status'], 'authStatus', {}],
    [
      'auth status names the --api-key-file in force, before or after',
      ['--api-key-file', 'k.txt', 'auth', 'status'],
      'authStatus',
      { apiKeyFile: 'k.txt' },
    ],
    [
      'auth status, --api-key-file after',
      ['auth', 'status', '--api-key-file', 'k.txt'],
      'authStatus',
      { apiKeyFile: 'k.txt' },
    ],
    ['auth logout', ['auth', 'logout'], 'authLogout', {}],
    ['completion bash', ['completion', 'bash'], 'completion', { shell: 'bash' }],
    ['completion zsh', ['completion', 'zsh'], 'completion', { shell: 'zsh' }],
    ['completion fish', ['completion', 'fish'], 'completion', { shell: 'fish' }],
    ['sandbox, defaults', ['sandbox'], 'sandbox', { port: 4010, host: '127.0.0.1' }],
    [
      'sandbox --port 0 --host',
      ['sandbox', '--port', '0', '--host', '::1'],
      'sandbox',
      { port: 0, host: '::1' },
    ],
  ])('%s', async (_title, argv, command, options) => {
    const { deps, calls } = wiring();
    expect(await main(argv, deps)).toBe(0);
    expect(calls).toStrictEqual([{ command, options }]);
    expect(deps.stdout.text).toBe('');
    expect(deps.stderr.text).toBe('');
  });

  it('hands connect the global flags that say how to reach the API, before or after the command', async () => {
    const { deps, calls, connections } = wiring();
    const argv = ['--base-url', 'http://127.0.0.1:4010/v1', '--request-timeout', '2.5', 'errors', ID];
    expect(await main([...argv, '--api-key-file', 'key.txt', '--verbose'], deps)).toBe(0);
    expect(connections).toEqual([
      { baseUrl: 'http://127.0.0.1:4010/v1', apiKeyFile: 'key.txt', requestTimeout: 2.5, verbose: true },
    ]);
    // They are the connection's business: the command's options stay its own.
    expect(calls.map((call) => call.options)).toStrictEqual([
      { json: false, ids: [ID], csv: false, safeCsv: false, tables: [], all: false },
    ]);
  });

  it.each<[string, string[]]>([
    ['status', ['status', ID]],
    ['watch', ['watch', ID]],
    ['errors', ['errors', ID]],
  ])('%s connects once, with no flags given', async (_name, argv) => {
    const { deps, connections } = wiring();
    await main(argv, deps);
    expect(connections).toEqual([{}]);
  });

  it('sandbox never connects: it needs no key', async () => {
    const { deps, connections } = wiring();
    await main(['--api-key-file', 'key.txt', 'sandbox'], deps);
    expect(connections).toEqual([]);
  });

  it.each([0, 1, 3, 8, 124])("returns the command's exit code (%i)", async (code) => {
    const { deps } = wiring(code);
    expect(await main(['status', ID], deps)).toBe(code);
  });
});

describe('usage errors exit 2 before anything connects or runs', () => {
  it.each<[string, string[]]>([
    ['no import id', ['status']],
    ['an id that cannot be one', ['status', 'a/b']],
    ['an unknown command', ['bogus']],
    ['an unknown flag', ['status', ID, '--nope']],
    ["another command's flag", ['status', ID, '--csv']],
    ['--interval under 0.1 s', ['watch', ID, '--interval', '0.05']],
    ['a --timeout that is not a duration', ['watch', ID, '--timeout', 'soon']],
    ['--json with --csv', ['errors', ID, '--json', '--csv']],
    ['--limit 0', ['errors', ID, '--limit', '0']],
    ['--table without a key', ['errors', ID, '--table']],
    ['a port out of range', ['sandbox', '--port', '65536']],
    ['--request-timeout 0', ['--request-timeout', '0', 'status', ID]],
    ['@last with an empty history', ['status', '@last']],
    ['list --limit 0', ['list', '--limit', '0']],
    ['list --json with --ids-only', ['list', '--json', '--ids-only']],
    ['auth without a subcommand', ['auth']],
    ['completion for a shell it does not know', ['completion', 'tcsh']],
    ['completion without a shell', ['completion']],
    ['auth login with an argument', ['auth', 'login', 'the-key-itself']],
  ])('%s', async (_title, argv) => {
    const { deps, calls, connections } = wiring();
    expect(await main(argv, deps)).toBe(2);
    expect(calls).toEqual([]);
    expect(connections).toEqual([]);
    expect(deps.stdout.text).toBe('');
    expect(deps.stderr.text).not.toBe('');
  });

  it.each<[string, string[]]>([
    ['a bad flag', ['errors', ID, '--json', '--csv']],
    ['a bad id', ['status', 'a/b', '--json']],
  ])('with --json, end stderr with the usage error document (%s)', async (_title, argv) => {
    const { deps } = wiring();
    expect(await main(argv, deps)).toBe(2);
    const last = deps.stderr.text.trimEnd().split('\n').at(-1) ?? '';
    expect(JSON.parse(last)).toMatchObject({ error: { code: 'usage', exit_code: 2 } });
  });

  it('a connection that cannot be made (no key) is told once, and no command runs', async () => {
    const { deps, calls } = wiring();
    deps.connect = async () => {
      throw new QiError('usage', 'no API key');
    };
    expect(await main(['status', ID], deps)).toBe(2);
    expect(calls).toEqual([]);
    expect(deps.stderr.text).toContain('qobra-imports: error: no API key');
  });

  it.each<[string, string[]]>([
    ['--help', ['--help']],
    ['a command --help', ['watch', '--help']],
    ['--version', ['--version']],
  ])('%s exits 0 and runs nothing', async (_title, argv) => {
    const { deps, calls, connections } = wiring();
    expect(await main(argv, deps)).toBe(0);
    expect([calls, connections]).toEqual([[], []]);
    expect(deps.stdout.text).not.toBe('');
  });
});

describe('main() against a fake API', () => {
  const failed: DataImport = {
    id: ID,
    created_at: '2024-06-25T10:00:00Z',
    launched_at: '2024-06-25T10:00:01Z',
    finished_at: '2024-06-25T10:00:05Z',
    status: 'finished',
    progress: 100,
    data_tables_details: [
      {
        type: 'api',
        status: 'finished',
        data_table_key: 'opportunities',
        progress: 100,
        number_of_records: null,
        error: {
          title: 'ParsingError',
          description: null,
          parsing_error_details: [{ line_number: 3, row: { amount: 'x' }, details: "bad 'x'" }],
        },
      },
    ],
  };

  /** The real commands, with an API that answers from `imports` (404 for any other id). */
  function realCommands(imports: Record<string, DataImport>): FakeDeps & CliDeps {
    const fetchImport = async (id: string): Promise<FetchedImport> => {
      const dataImport = imports[id];
      // The key in a message proves output is redacted whatever path a string takes.
      if (!dataImport) throw new QiError('not_found', `import ${id} not found (key secret-test-key)`);
      return {
        id,
        raw: jsonText(JSON.stringify({ data_import: dataImport })),
        document: { data_import: dataImport },
      };
    };
    const { deps } = wiring(0, { fetchImport, fetchImportOnce: fetchImport });
    deps.commands = lazyCommandRunners;
    return deps;
  }

  it('status --json: the document as fetched on stdout, exit 1 for a table with an error', async () => {
    const deps = realCommands({ [ID]: failed });
    expect(await main(['status', ID, '--json'], deps)).toBe(1);
    expect(deps.stdout.text).toBe(`${JSON.stringify({ data_import: failed })}\n`);
  });

  it('errors --json --table: the selected rows; a key the import lacks is a usage error', async () => {
    const deps = realCommands({ [ID]: failed });
    expect(await main(['errors', ID, '--json', '--table', 'opportunities'], deps)).toBe(1);
    expect(JSON.parse(deps.stdout.text)).toMatchObject({ import_id: ID, line_number: 3, details: "bad 'x'" });
    const other = realCommands({ [ID]: failed });
    // Reversed on purpose: `payments` is a key this import does not have (a typo passed as "clean", exit 0).
    expect(await main(['errors', ID, '--json', '--table', 'payments'], other)).toBe(2);
    expect(other.stdout.text).toBe('');
  });

  it('a failed look-up: its message, then the JSON error document, exit 3; the key never shows', async () => {
    const deps = realCommands({});
    expect(await main(['status', ID2, '--json'], deps)).toBe(3);
    expect(deps.stdout.text).toBe('');
    expect(deps.stderr.text).toContain(`qobra-imports: error: import ${ID2} not found (key ***)`);
    expect(JSON.parse(deps.stderr.text.trimEnd().split('\n').at(-1) ?? '')).toMatchObject({
      error: { code: 'not_found', exit_code: 3 },
    });
    expect(deps.stderr.text).not.toContain('secret-test-key');
  });
});

describe('`-` reads the import ids from stdin', () => {
  /** The wiring, with this text on stdin. */
  function withStdin(text: string): Wiring {
    const wired = wiring();
    Object.assign(wired.deps, { stdin: Readable.from([text]) });
    return wired;
  }

  it.each<[string, string[], string, CommandName, string[]]>([
    ['one per line', ['status', '-'], `${ID}\n${ID2}\n`, 'status', [ID, ID2]],
    [
      'whitespace separated, a repeat kept',
      ['watch', '-'],
      `  ${ID} ${ID2}\t${ID}\r\n`,
      'watch',
      [ID, ID2, ID],
    ],
    ['among ids given on the command line', ['errors', ID2, '-', '--json'], `${ID}\n`, 'errors', [ID2, ID]],
  ])('%s', async (_title, argv, text, command, ids) => {
    const { deps, calls } = withStdin(text);
    expect(await main(argv, deps)).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.command).toBe(command);
    expect(calls[0]?.options).toMatchObject({ ids });
  });

  it.each<[string, string[], string, RegExp]>([
    ['with --api-key-file -', ['status', '-', '--api-key-file', '-'], `${ID}\n`, /cannot read both/],
    ['an empty stdin', ['watch', '-'], ' \n\n', /no import ids on stdin/],
    ['an id on stdin that cannot be one', ['status', '-'], `${ID}\na/b\n`, /"a\/b" cannot be an import id/],
  ])('%s is a usage error (2), and nothing runs or connects', async (_title, argv, text, message) => {
    const { deps, calls, connections } = withStdin(text);
    expect(await main(argv, deps)).toBe(2);
    expect(calls).toEqual([]);
    expect(connections).toEqual([]);
    expect(deps.stderr.text).toMatch(message);
  });
});
