// An import bigger than what the CLI keeps in memory (its rows go to a temporary file on the way):
// every format still carries every row exactly, in order, and nothing is left in the temporary folder.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, runCli, startServer, TEST_KEY, type TestServer } from './harness.js';

const ROWS = 60_000; // about 13 MB: past the 8M code units kept in memory
const ID = 'big-import';

interface Row {
  line_number: number | string;
  row: Record<string, unknown>;
  details: string;
}

const rows: Row[] = Array.from({ length: ROWS }, (_, i) => ({
  line_number: i + 2,
  row: {
    id: String(100_000 + i),
    name: i % 1_000 === 0 ? `Quote "and", comma ${i}` : `Umbrella SAS ${i}`,
    amount: i % 3 === 0 ? 'AAAAA' : `${i},5`,
    note: i % 777 === 0 ? 'é 😀 \u0001' : 'plain',
  },
  details: `ValueError: could not convert string to float: '${i}'`,
}));
const half = ROWS / 2;
const tables = [
  { key: 'opportunities', rows: rows.slice(0, half) },
  { key: 'payments', rows: rows.slice(half) },
];
const body = JSON.stringify({
  data_import: {
    id: ID,
    status: 'finished',
    progress: 100,
    data_tables_details: tables.map(({ key, rows: tableRows }) => ({
      type: 'api',
      status: 'finished',
      data_table_key: key,
      progress: 100,
      number_of_records: null,
      error: { title: 'ParsingError', description: `bad ${key}`, parsing_error_details: tableRows },
    })),
  },
});

let server: TestServer;
let env: Record<string, string>;
let temporary: string;

beforeAll(async () => {
  server = await startServer((request, response) =>
    request.url?.endsWith(`/${ID}`) ? json(response, 200, body) : json(response, 404, {}),
  );
  temporary = mkdtempSync(join(tmpdir(), 'qobra-big-'));
  env = { QOBRA_BASE_URL: server.url, QOBRA_IMPORTS_NO_HISTORY: '1', TMPDIR: temporary };
});
afterAll(async () => {
  await server.close();
  rmSync(temporary, { recursive: true, force: true });
});

describe('an import bigger than memory keeps', () => {
  it('errors --json: every row, in order, exactly; nothing left in TMPDIR', async () => {
    const run = await runCli(['errors', ID, '--json'], { env });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ROWS);
    const expected = tables.flatMap(({ key, rows: tableRows }) =>
      tableRows.map((row) =>
        JSON.stringify({
          import_id: ID,
          data_table_key: key,
          title: 'ParsingError',
          description: `bad ${key}`,
          line_number: row.line_number,
          row: row.row,
          details: row.details,
        }),
      ),
    );
    expect(lines).toEqual(expected);
    expect(readdirSync(temporary)).toEqual([]);
  });

  it('status --json: the body, compact, on one line', async () => {
    const run = await runCli(['status', ID, '--json'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${body}\n`);
  });

  it('errors --csv: a header and one record per row, quoting kept', async () => {
    const run = await runCli(['errors', ID, '--csv'], { env });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(ROWS + 1);
    expect(lines[0]).toContain('data_table_key');
    expect(lines[1]).toContain('"Quote ""and"", comma 0"');
    expect(lines.at(-1)).toContain(`Umbrella SAS ${ROWS - 1}`);
  });

  it('errors --limit 3 and --table payments: the first rows of that table only', async () => {
    const run = await runCli(['errors', ID, '--json', '--table', 'payments', '--limit', '3'], { env });
    expect(
      run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).line_number),
    ).toEqual([half + 2, half + 3, half + 4]);
  });

  it('a temporary file that cannot grow (ulimit -f): exit 74, the cause in words, nothing on stdout', async () => {
    // 1 MiB may be written per file: the spool's file fails soon after the rows move there. (Spawned
    // asynchronously: the server answering it runs in this process.)
    const child = spawn(
      'bash',
      ['-c', 'ulimit -f 1024; exec "$0" "$@"', process.execPath, BIN, 'errors', ID, '--json'],
      {
        env: { ...env, PATH: process.env.PATH ?? '', HOME: temporary, QOBRA_API_KEY: TEST_KEY },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(74);
    expect(stdout).toBe('');
    expect(stderr).toContain('cannot keep its rejected rows in a temporary file: file too large');
    expect(stderr).not.toContain('    at ');
  });
});
