// Results are exactly what the server sent, whatever the key: a key that happens to be a substring
// of row values, table keys, numbers or timestamps ("test", "2024") changes nothing in any export,
// nor in server text shown on stderr. Each run is compared byte for byte with a run whose key
// appears nowhere in the import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServer, type TestServer } from './harness.js';

const ID = '64b0c1ea00000000000000aa';
/** Compact, so `status --json` must print it as is; `1.10` and `2024` are number literals to keep. */
const BODY =
  `{"data_import":{"id":"${ID}","created_at":"2024-06-25T09:58:32Z","launched_at":"2024-06-25T10:03:27Z",` +
  `"finished_at":"2024-06-25T10:14:12Z","status":"finished","progress":100,"data_tables_details":[` +
  `{"type":"api","status":"finished","data_table_key":"test_table","progress":100,"number_of_records":2024,` +
  `"error":{"title":"ParsingError test","description":"Can't parse 'abcd test 1234' as float (test)",` +
  `"parsing_error_details":[{"line_number":2024,"row":{"name":"abcd test 1234","created":"2024-01-02",` +
  `"amount":1.10,"note":"test"},"details":"ValueError: could not convert string to float: 'abcd test 1234'"}]}}]}}`;

const NEUTRAL_KEY = 'qk_neutral_ZZZZZZZZ';
const KEYS_IN_THE_DATA = ['test', '2024', 'test_table'];

let server: TestServer;
beforeAll(async () => {
  // Any key is accepted, as the sandbox does: what matters is what the CLI does with the answer.
  server = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(BODY);
  });
});
afterAll(() => server.close());

const run = (args: string[], key: string) =>
  runCli(args, { env: { QOBRA_BASE_URL: server.url, QOBRA_API_KEY: key } });

describe('exports are never altered to hide the key', () => {
  it('status --json prints the document exactly as sent, whatever the key', async () => {
    for (const key of [NEUTRAL_KEY, ...KEYS_IN_THE_DATA]) {
      const result = await run(['status', ID, '--json'], key);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`${BODY}\n`);
    }
  });

  it.each([
    ['status (piped)', ['status', ID], ['created 2024-06-25 09:58:32 UTC', 'table test_table']],
    ['errors --json', ['errors', ID, '--json'], ['"row":{"name":"abcd test 1234","created":"2024-01-02"']],
    [
      'errors --csv',
      ['errors', ID, '--csv'],
      ['test_table,2024,', 'abcd test 1234,2024-01-02,1.10,test\r\n'],
    ],
    ['errors (piped)', ['errors', ID], ['test_table line 2024:', 'name=abcd test 1234']],
    ['watch --json', ['watch', ID, '--json'], [BODY]],
  ])('%s: byte for byte the same as with a key that appears nowhere', async (_name, args, expected) => {
    const neutral = await run(args, NEUTRAL_KEY);
    expect(neutral.code).toBe(1);
    for (const text of expected) expect(neutral.stdout).toContain(text);
    for (const key of KEYS_IN_THE_DATA) {
      const result = await run(args, key);
      expect({ key, code: result.code, stdout: result.stdout }).toEqual({
        key,
        code: neutral.code,
        stdout: neutral.stdout,
      });
      // Server text on stderr (the per-table summary of `errors`) is data too.
      expect({ key, stderr: result.stderr }).toEqual({ key, stderr: neutral.stderr });
    }
  });

  it('server text on stderr is shown as sent: the summary of errors keeps "test"', async () => {
    const result = await run(['errors', ID], 'test');
    expect(result.stderr).toContain("ParsingError test: Can't parse 'abcd test 1234' as float (test)");
  });
});
