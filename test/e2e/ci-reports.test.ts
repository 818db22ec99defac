// The CI reports end to end: the built binary against a loopback server that sends hostile text,
// for each command, with each report, read back with real parsers.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Lexer, type Tokens } from 'marked';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aDataTable, aFailingTable, anImport, aRejectedRow, stageTimes } from '../helpers/builders.js';
import { HOSTILE } from '../helpers/hostile.js';
import { json, runCli, startServer, TEST_KEY, type TestServer } from './harness.js';

const FAILED = '647a13fe875af4b4eb7133c2';
const RUNNING = '647a13fe875af4b4eb7133c3';
const MISSING = '647a13fe875af4b4eb7133c4';

const failedImport = anImport({
  id: FAILED,
  data_tables_details: [
    aDataTable(),
    aFailingTable([aRejectedRow({ line_number: 7, details: HOSTILE })], { data_table_key: `opp${HOSTILE}` }),
  ],
});
// aFailingTable's overrides replace the error: give it hostile words too.
const failing = failedImport.data_tables_details[1];
if (failing?.error) failing.error.title = HOSTILE;

const runningImport = anImport({
  id: RUNNING,
  ...stageTimes('started'),
  status: 'started',
  progress: 40,
  data_tables_details: [aDataTable({ status: 'started', progress: 40, data_table_key: 'deals' })],
});

let server: TestServer;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.headers['x-api-key'] !== TEST_KEY) return json(response, 401, { message: 'bad key' });
    const id = decodeURIComponent(request.url?.replace(/^\/v1\/imports\//, '') ?? '');
    if (id === FAILED) return json(response, 200, { data_import: failedImport });
    if (id === RUNNING) return json(response, 200, { data_import: runningImport });
    return json(response, 404, { message: 'not found' });
  });
  env = { QOBRA_BASE_URL: server.url };
});
afterAll(() => server.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'qobra-ci-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

/** The JUnit file, checked to parse, as suites of cases. */
function readJunit(path: string): { root: Node; suites: Node[] } {
  const xml = readFileSync(path, 'utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const root = (parser.parse(xml) as { testsuites: Node }).testsuites;
  return { root, suites: (root.testsuite as Node[] | undefined) ?? [] };
}

const cases = (suite: Node | undefined): Node[] => (suite?.testcase as Node[] | undefined) ?? [];
const github = (summary: string) => ({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
const commandLines = (text: string) => text.split('\n').filter((line) => line.startsWith('::'));

describe('--junit and --summary-json', () => {
  it.each([
    ['status', []],
    ['errors', []],
    ['watch', ['--interval', '0.1']],
  ])('%s: a failed import and one that cannot be fetched', async (command, flags) => {
    const junit = join(dir, 'report.xml');
    const run = await runCli([command, FAILED, MISSING, ...flags, '--junit', junit, '--summary-json', '-'], {
      env,
    });
    expect(run.code).toBe(3);
    const { root, suites } = readJunit(junit);
    expect(root['@tests']).toBe('3');
    expect(root['@failures']).toBe('1');
    expect(root['@errors']).toBe('1');
    expect(suites.map((suite) => suite['@name'])).toEqual([FAILED, MISSING]);
    const failure = cases(suites[0])[1]?.failure as Node;
    expect(failure['@message']).toContain('<b>&amp;</b>');
    expect(String(failure['#text'])).toMatch(/^line 7: 50% <b>/);
    const error = (cases(suites[1])[0] as Node).error as Node;
    expect(error['@type']).toBe('not_found');
    // The summary is stderr's last line, after the failure was told.
    const summary = JSON.parse(run.stderr.trimEnd().split('\n').at(-1) ?? '');
    expect(summary).toMatchObject({ exit_code: 3, exit_name: 'not_found' });
    expect(summary.imports.map((i: { outcome: string }) => i.outcome)).toEqual(['failed', 'error']);
    expect(summary.imports[0].error_titles).toEqual([HOSTILE]);
    expect(readdirSync(dir)).toEqual(['report.xml']); // no temporary file left behind
  });

  it('--json: the summary comes before the JSON error document, which stays the last line', async () => {
    const run = await runCli(['status', FAILED, MISSING, '--json', '--summary-json', '-'], { env });
    expect(run.code).toBe(3);
    const [summary, error] = run.stderr
      .trimEnd()
      .split('\n')
      .slice(-2)
      .map((line) => JSON.parse(line));
    expect(summary).toMatchObject({ exit_code: 3, exit_name: 'not_found' });
    expect(error).toMatchObject({ error: { code: 'not_found', exit_code: 3 } });
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1); // the one import found, as sent
  });

  it('watch: a timeout skips the tables still running, and the summary says timeout', async () => {
    const junit = join(dir, 'report.xml');
    const summaryFile = join(dir, 'summary.json');
    const run = await runCli(
      [
        'watch',
        RUNNING,
        '--interval',
        '0.1',
        '--timeout',
        '1',
        '--junit',
        junit,
        '--summary-json',
        summaryFile,
      ],
      { env },
    );
    expect(run.code).toBe(124);
    const skipped = cases(readJunit(junit).suites[0])[0]?.skipped as Node;
    expect(skipped['@message']).toBe('still started, 40% when the watch timed out');
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
    expect(summary).toMatchObject({ exit_code: 124, exit_name: 'timeout' });
    expect(summary.imports[0]).toMatchObject({
      id: RUNNING,
      status: 'started',
      progress: 40,
      outcome: 'running',
    });
  });

  it('watch: Ctrl-C still writes the report', async () => {
    const junit = join(dir, 'report.xml');
    const run = await runCli(['watch', RUNNING, '--interval', '0.1', '--junit', junit], {
      env,
      onSpawn: (child) => setTimeout(() => child.kill('SIGINT'), 2000),
    });
    expect(run.code).toBe(130);
    const skipped = cases(readJunit(junit).suites[0])[0]?.skipped as Node;
    expect(skipped['@message']).toBe('still started, 40% when the command was interrupted');
  });

  it('a report that cannot be written is exit 74, told on stderr, and counted in the summary', async () => {
    const junit = join(dir, 'no-such-folder', 'report.xml');
    const summaryFile = join(dir, 'summary.json');
    const run = await runCli(['status', FAILED, '--junit', junit, '--summary-json', summaryFile], { env });
    expect(run.code).toBe(74);
    expect(run.stderr).toContain('no-such-folder');
    expect(JSON.parse(readFileSync(summaryFile, 'utf8'))).toMatchObject({ exit_code: 74, exit_name: 'io' });
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});

describe('GitHub Actions', () => {
  it.each([
    ['status', []],
    ['errors', []],
    ['watch', ['--interval', '0.1']],
  ])('%s: appends the job summary and prints escaped workflow commands', async (command, flags) => {
    const summary = join(dir, 'step-summary.md');
    const run = await runCli([command, FAILED, ...flags], { env: { ...env, ...github(summary) } });
    expect(run.code).toBe(1);
    const commands = commandLines(run.stdout);
    expect(commands[0]).toMatch(/^::error title=Import 647a13fe875af4b4eb7133c2%2C data table opp50%25 /);
    expect(commands[0]).toContain('%0D%0A::error::pwned, k:v');
    expect(commands.map((line) => /^::(\w+)/.exec(line)?.[1])).toEqual(['error', 'group', 'endgroup']);
    // No server text starts a line of its own, nor carries a control character into the log.
    expect(run.stdout).not.toMatch(/^::error::pwned/m);
    expect(run.stdout).not.toMatch(/[\u0000\u0007\u001b\u0085]/);
    const markdown = readFileSync(summary, 'utf8');
    const tables = new Lexer({ gfm: true })
      .lex(markdown)
      .filter((t): t is Tokens.Table => t.type === 'table');
    expect(tables.length).toBe(2);
    for (const table of tables) for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    expect(markdown).not.toContain('<b>');
    expect(markdown).toContain(`\`qobra-imports errors ${FAILED}\``);
  });

  it.each([
    ['status', ['--json']],
    ['errors', ['--json']],
    ['errors', ['--csv']],
    ['watch', ['--json', '--interval', '0.1']],
  ])('%s %s: stdout is the same data, the workflow commands go to stderr', async (command, flags) => {
    const plain = await runCli([command, FAILED, ...flags], { env });
    const summary = join(dir, 'step-summary.md');
    const inCi = await runCli([command, FAILED, ...flags], { env: { ...env, ...github(summary) } });
    expect(inCi.code).toBe(1);
    expect(inCi.stdout).toBe(plain.stdout);
    expect(commandLines(inCi.stderr)[0]).toMatch(/^::error title=/);
  });

  it('--no-ci-report turns it off', async () => {
    const summary = join(dir, 'step-summary.md');
    const run = await runCli(['status', FAILED, '--no-ci-report'], { env: { ...env, ...github(summary) } });
    expect(run.code).toBe(1);
    expect(commandLines(run.stdout + run.stderr)).toEqual([]);
    expect(existsSync(summary)).toBe(false);
  });

  it('a timeout is a warning per table still running', async () => {
    const summary = join(dir, 'step-summary.md');
    const run = await runCli(['watch', RUNNING, '--interval', '0.1', '--timeout', '1'], {
      env: { ...env, ...github(summary) },
    });
    expect(run.code).toBe(124);
    expect(commandLines(run.stdout)).toEqual([
      `::warning title=Import ${RUNNING}%2C data table deals::deals: still started, 40%25 when the watch timed out`,
    ]);
  });
});
