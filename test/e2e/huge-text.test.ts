// Huge server text on a real terminal: a 1 MB description, row value or data_table_key renders
// promptly (the bound here is only a hang guard), every line fits the terminal, and Ctrl-C typed
// while the CLI renders still exits 130.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, startServer, type TestServer } from './harness.js';
import { runInPty, widestLine } from './pty.js';

const MB = 1 << 20;
const words = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(MB / 27)).slice(0, MB);

/** A finished import whose one failing data table carries the huge text where `id` says. */
function importWith(id: string) {
  const description = id === 'description' ? words : "Can't parse 'AAAAA' as float";
  return {
    data_import: {
      id,
      created_at: '2024-06-25T09:58:32Z',
      launched_at: '2024-06-25T10:03:27Z',
      finished_at: '2024-06-25T10:14:12Z',
      status: 'finished',
      progress: 100,
      data_tables_details: [
        {
          type: 'api',
          status: 'finished',
          data_table_key: id === 'key' ? 'k'.repeat(MB) : 'opportunities',
          progress: 100,
          number_of_records: null,
          error: {
            title: 'ParsingError',
            description,
            parsing_error_details: [
              {
                line_number: 1,
                row: { id: '1', amount: id === 'value' ? words : 'AAAAA' },
                details: "ValueError: could not convert string to float: 'AAAAA'",
              },
            ],
          },
        },
      ],
    },
  };
}

let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  const bodies = new Map(['description', 'value', 'key'].map((id) => [id, JSON.stringify(importWith(id))]));
  server = await startServer((request, response) => {
    const id = decodeURIComponent(request.url?.replace(/^\/v1\/imports\//, '') ?? '');
    const body = bodies.get(id);
    return body ? json(response, 200, body) : json(response, 404, {});
  });
  env = { QOBRA_BASE_URL: server.url };
});
afterAll(() => server.close());

describe('1 MB of text on a 100-column terminal', () => {
  it.each([
    ['status', 'description'],
    ['watch', 'description'],
    ['errors', 'description'],
    ['status', 'value'],
    ['errors', 'value'],
    ['status', 'key'],
    ['watch', 'key'],
    ['errors', 'key'],
  ])('%s with a huge %s: ends with the import outcome, every line fits', async (command, id) => {
    const run = await runInPty([command, id], { env });
    expect(run.code).toBe(1);
    expect(widestLine(run.output, { talk: false })).toBeLessThanOrEqual(100);
    expect(run.output.length).toBeLessThan(64 * 1024);
  });

  it('status says how much of a wrapped description was left out', async () => {
    const run = await runInPty(['status', 'description'], { env });
    const text = run.output.replace(/\u001b\[[0-9;]*m/g, '').replace(/[│ \r\n]+/g, ' ');
    expect(text).toMatch(/… \([\d,]+ more characters\)/);
  });

  it('Ctrl-C typed while it renders: 130, and the imports after it are not drawn', async () => {
    const ids = Array.from({ length: 20 }, () => 'description');
    const run = await runInPty(['status', ...ids], { env, ctrlCWhen: (output) => output.includes('┌') });
    expect(run.code).toBe(130);
    expect(run.output.match(/┌/g)?.length ?? 0).toBeLessThan(ids.length);
  });
});
