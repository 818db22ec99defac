// --version, --help (every command's, and the exit codes topic), usage errors and a missing key load
// nothing of the HTTP client: got (src/api/) is loaded only once a command connects. Every module
// of got's that does anything requires Node's HTTP stack at load time (node:http, node:net…); a
// preload records each module the CLI asks Node for, and a command that does connect shows the
// recorder sees them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { json, runCli, startServer, type TestServer } from './harness.js';

const RECORDER = fileURLToPath(new URL('../fixtures/record-modules.cjs', import.meta.url));
const ID = '647a13fe875af4b4eb7133c2';
/** What got loads as soon as it is evaluated; nothing else on these paths needs any of them. */
const HTTP_STACK = ['http', 'https', 'net', 'tls', 'zlib', 'diagnostics_channel', 'timers/promises'];

let server: TestServer;
let scratch: string;

beforeAll(async () => {
  server = await startServer((_request, response) => json(response, 200, DOCUMENTED_EXAMPLE_TEXT));
  scratch = mkdtempSync(join(tmpdir(), 'qobra-imports-lazy-'));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

let runs = 0;
/** Runs the CLI with the recorder; returns its exit code and the modules it asked for. */
async function recorded(args: string[], env: Record<string, string | undefined> = {}) {
  const log = join(scratch, `modules-${runs++}.jsonl`);
  const run = await runCli(args, {
    env: {
      NODE_OPTIONS: `--require=${RECORDER}`,
      QOBRA_TEST_MODULES_LOG: log,
      QOBRA_BASE_URL: server.url,
      XDG_CACHE_HOME: join(scratch, 'cache'),
      ...env,
    },
  });
  const modules: string[] = JSON.parse(readFileSync(log, 'utf8'));
  const http = modules.filter((name) => HTTP_STACK.includes(name.replace(/^node:/, '')));
  return { code: run.code, stderr: run.stderr, modules, http };
}

const HELP = [
  ['--help'],
  ['help'],
  ['help', 'exit-codes'],
  ...['status', 'watch', 'errors', 'list', 'sandbox', 'auth', 'completion'].map((name) => [name, '--help']),
  ...['login', 'status', 'logout'].map((name) => ['auth', name, '--help']),
  ['help', 'status'],
];
const USAGE_ERRORS = [
  ['--bogus'],
  ['nosuchcommand'],
  ['status'],
  ['status', ID, '--bogus'],
  ['status', 'a/b'],
  ['--request-timeout', 'soon', 'status', ID],
  ['watch', '--interval', '0', ID],
  ['errors', ID, '--json', '--csv'],
];

/** Each command line with its text, for the test's title. */
const named = (lines: string[][]): [string, string[]][] => lines.map((args) => [args.join(' '), args]);

describe('the HTTP client is loaded only by a command that connects', () => {
  it('the recorder sees got load when a command does connect (so the checks below can fail)', async () => {
    const run = await recorded(['status', ID, '--json']);
    expect(run.code).toBe(1); // the documented import failed
    expect(run.http).toEqual(expect.arrayContaining(['node:http', 'node:net']));
  });

  it.each(named([['--version'], ['-V']]))('%s loads none of it', async (_, args) => {
    const run = await recorded(args);
    expect(run.code).toBe(0);
    expect(run.modules).not.toEqual([]);
    expect(run.http).toEqual([]);
  });

  it.each(named(HELP))('help: %s', async (_, args) => {
    const run = await recorded(args);
    expect(run.code).toBe(0);
    expect(run.http).toEqual([]);
  });

  it.each(named(USAGE_ERRORS))('a usage error: %s', async (_, args) => {
    const run = await recorded(args);
    expect(run.code).toBe(2);
    expect(run.http).toEqual([]);
  });

  it('a missing API key (exit 2) loads none of it either', async () => {
    const run = await recorded(['status', ID], { QOBRA_API_KEY: undefined, XDG_CONFIG_HOME: scratch });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no API key');
    expect(run.http).toEqual([]);
  });
});
