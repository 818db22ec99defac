// Exports are exact, whatever the server sends: line numbers written as sent (`1e400`, 23 digits,
// `1.10`, `-0`), and JSON of any depth passed through (an unknown field 100,000 levels deep, a row
// value 5,000 deep), with every command ending by the import's own outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli, startServer, type TestServer } from './harness.js';

/** An import body as raw JSON text, finished, one table rejecting one row; `extra` goes in data_import. */
function body(
  id: string,
  { lineNumber = '1', row = '{"amount":"AAAAA"}', extra = '', top = '' } = {},
): string {
  return `{"data_import":{"id":"${id}","created_at":"2024-06-25T09:58:32Z","launched_at":"2024-06-25T10:03:27Z","finished_at":"2024-06-25T10:14:12Z","status":"finished","progress":100${extra},"data_tables_details":[{"type":"api","status":"finished","data_table_key":"opportunities","progress":100,"number_of_records":null,"error":{"title":"ParsingError","description":"bad","parsing_error_details":[{"line_number":${lineNumber},"row":${row},"details":"ValueError"}]}}]}${top}}`;
}

const LINE_NUMBERS = ['1e400', '12345678901234567890123', '1.10', '-0'];
const DEEP = 100_000;
const deepObject = `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;
const deepArray = `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`;
const deepRow = `${'['.repeat(5_000)}1.10${']'.repeat(5_000)}`;

const BODIES: Record<string, string> = {
  ...Object.fromEntries(
    LINE_NUMBERS.map((literal) => [`line-${literal}`, body(`line-${literal}`, { lineNumber: literal })]),
  ),
  'deep-field': body('deep-field', { extra: `,"deep":${deepObject}` }),
  'deep-top': body('deep-top', { top: `,"deep":${deepArray}` }),
  'deep-row': body('deep-row', { row: `{"amount":"AAAAA","nested":${deepRow}}` }),
  'deep-row-objects': body('deep-row-objects', {
    row: `{"nested":${'{"a":'.repeat(5_000)}"x"${'}'.repeat(5_000)}}`,
  }),
};

let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const id = decodeURIComponent(request.url?.replace(/^\/v1\/imports\//, '') ?? '');
    const text = BODIES[id];
    return text === undefined ? json(response, 404, {}) : json(response, 200, text);
  });
  env = { QOBRA_BASE_URL: server.url, QOBRA_IMPORTS_NO_HISTORY: '1' };
});
afterAll(() => server.close());

describe('line numbers are exported as sent', () => {
  it.each(LINE_NUMBERS)('%s: errors --json and --csv byte for byte, plain lines too', async (literal) => {
    const id = `line-${literal}`;
    const asJson = await runCli(['errors', id, '--json'], { env });
    expect(asJson.code).toBe(1);
    expect(asJson.stdout).toBe(
      `{"import_id":"${id}","data_table_key":"opportunities","title":"ParsingError","description":"bad","line_number":${literal},"row":{"amount":"AAAAA"},"details":"ValueError"}\n`,
    );
    const asCsv = await runCli(['errors', id, '--csv'], { env });
    expect(asCsv.code).toBe(1);
    expect(asCsv.stdout).toBe(
      `data_table_key,line_number,details,amount\r\nopportunities,${literal},ValueError,AAAAA\r\n`,
    );
    const plain = await runCli(['errors', id], { env });
    expect(plain.stdout).toBe(`opportunities line ${literal}: ValueError | amount=AAAAA\n`);
    const status = await runCli(['status', id, '--json'], { env });
    expect(status.stdout).toBe(`${BODIES[id]}\n`);
  });
});

describe('JSON of any depth is data', () => {
  it.each(['deep-field', 'deep-top'])(
    '%s (unknown, 100,000 levels): status, watch and errors end with the outcome (1); status --json re-emits it exactly',
    async (id) => {
      const status = await runCli(['status', id], { env });
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(new RegExp(`^import ${id}: finished with errors, 100%`));
      const watch = await runCli(['watch', id, '--interval', '0.1', '--timeout', '10'], { env });
      expect(watch.code).toBe(1);
      expect(watch.stderr).not.toMatch(/internal error|call stack/);
      const watchJson = await runCli(['watch', id, '--json', '--interval', '0.1', '--timeout', '10'], {
        env,
      });
      expect(watchJson.code).toBe(1);
      expect(watchJson.stdout).toBe(`${BODIES[id]}\n`);
      const errors = await runCli(['errors', id, '--json'], { env });
      expect(errors.code).toBe(1);
      expect(errors.stdout).toContain('"row":{"amount":"AAAAA"}');
      const asJson = await runCli(['status', id, '--json'], { env });
      expect(asJson.code).toBe(1);
      expect(asJson.stdout).toBe(`${BODIES[id]}\n`);
    },
  );

  it('a row value 5,000 levels deep (with a 1.10 at the bottom) is exported exactly', async () => {
    const run = await runCli(['errors', 'deep-row', '--json'], { env });
    expect(run.stderr).not.toMatch(/not valid JSON/);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      `{"import_id":"deep-row","data_table_key":"opportunities","title":"ParsingError","description":"bad","line_number":1,"row":{"amount":"AAAAA","nested":${deepRow}},"details":"ValueError"}\n`,
    );
    const csv = await runCli(['errors', 'deep-row', '--csv'], { env });
    expect(csv.stdout).toBe(
      `data_table_key,line_number,details,amount,nested\r\nopportunities,1,ValueError,AAAAA,${deepRow}\r\n`,
    );
  });

  it('a row of objects 5,000 deep: every command copes', async () => {
    const nested = `${'{"a":'.repeat(5_000)}"x"${'}'.repeat(5_000)}`;
    const asJson = await runCli(['errors', 'deep-row-objects', '--json'], { env });
    expect(asJson.code).toBe(1);
    expect(asJson.stdout).toContain(`"row":{"nested":${nested}}`);
    for (const args of [
      ['errors', 'deep-row-objects'],
      ['status', 'deep-row-objects'],
      ['watch', 'deep-row-objects'],
    ]) {
      const run = await runCli(args, { env });
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).not.toMatch(/internal error|not valid JSON/);
    }
  });
});
