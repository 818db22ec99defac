// The CI reports from the built-in sandbox's parse-errors import: what a user trying them out sees.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Lexer, type Tokens } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './harness.js';

const PARSE_ERRORS = '64b0c1ea0000000000000002';
let sandbox: ReturnType<typeof spawn>;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qobra-ci-sandbox-'));
  sandbox = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], {
    env: { PATH: process.env.PATH ?? '' },
  });
  let stdout = '';
  url = await new Promise<string>((resolve, reject) => {
    sandbox.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    sandbox.on('error', reject);
  });
});
afterAll(() => {
  sandbox.kill('SIGINT');
  rmSync(dir, { recursive: true, force: true });
});

describe('CI reports from the sandbox', () => {
  it('parse-errors: a failure per table with rejected rows, the first 100 listed, the job summary and the summary JSON', async () => {
    const junit = join(dir, 'report.xml');
    const stepSummary = join(dir, 'step-summary.md');
    const run = await runCli(['errors', PARSE_ERRORS, '--json', '--junit', junit, '--summary-json', '-'], {
      env: {
        QOBRA_BASE_URL: url,
        QOBRA_API_KEY: 'anything',
        GITHUB_ACTIONS: 'true',
        GITHUB_STEP_SUMMARY: stepSummary,
      },
    });
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(382); // one JSON line per rejected row, nothing else

    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (n) => n === 'testcase',
    }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(suite).toMatchObject({
      '@name': PARSE_ERRORS,
      '@tests': '4',
      '@failures': '3',
      '@errors': '0',
      '@skipped': '0',
    });
    const failures = (suite.testcase as Record<string, { '#text': string }>[]).flatMap((c) =>
      c.failure ? [c.failure] : [],
    );
    expect(
      failures.map((f) => f['#text'].split('\n').filter((line) => line.startsWith('line ')).length),
    ).toEqual([100, 100, 37]);
    expect(failures[0]?.['#text']).toMatch(/\n… and 114 more rows$/);

    const tables = new Lexer({ gfm: true })
      .lex(readFileSync(stepSummary, 'utf8'))
      .filter((t): t is Tokens.Table => t.type === 'table');
    expect(tables).toHaveLength(4); // the data tables, then the top problems of each failing table
    for (const table of tables) for (const row of table.rows) expect(row).toHaveLength(table.header.length);

    const stderr = run.stderr.trimEnd().split('\n');
    expect(stderr.filter((line) => line.startsWith('::error title='))).toHaveLength(3);
    expect(JSON.parse(stderr.at(-1) ?? '')).toMatchObject({
      exit_code: 1,
      exit_name: 'failed',
      imports: [{ rejected_rows: 382 }],
    });
  });
});
