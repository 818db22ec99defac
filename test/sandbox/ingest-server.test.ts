import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';

const KEY = { 'X-API-Key': 'sandbox-test-key' };
let clock = 0;
let base: Sandbox;

beforeEach(async () => {
  clock = Date.parse('2024-06-25T10:00:00Z');
  base = await startSandbox({ port: 0, timeScale: 1, now: () => clock });
});
afterEach(async () => {
  await base.close();
});

const post = (table: string, body: string | Uint8Array, query = '', headers: Record<string, string> = KEY) =>
  fetch(`${base.url}/tables/${table}/records/bulk${query}`, { method: 'POST', headers, body });

async function importOf(id: string) {
  const res = await fetch(`${base.url}/imports/${id}`, { headers: KEY });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data_import: Record<string, unknown> & { data_tables_details: unknown[] } })
    .data_import;
}

describe('POST /v1/tables/{key}/records/bulk', () => {
  it('creates an import that runs in the background and takes the good rows', async () => {
    const records = [
      { id: 'c1', name: 'Acme', employees: 120, created: '2024-01-15' },
      { id: 'c2', name: 'Globex', employees: '8', created: '2023-11-02' },
    ];
    const res = await post('companies', JSON.stringify(records), '?all=false&debounce=0');
    expect(res.status).toBe(200);
    const { import_id: id } = (await res.json()) as { import_id: string };
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    expect(await importOf(id)).toMatchObject({ id, status: 'scheduled', launched_at: null });
    clock += 60_000;
    expect(await importOf(id)).toMatchObject({
      status: 'finished',
      progress: 100,
      data_tables_details: [
        { type: 'api', status: 'finished', data_table_key: 'companies', number_of_records: 2, error: null },
      ],
    });
  });

  it('turns rows that do not fit into parsing errors with their line numbers', async () => {
    const records = {
      records: [
        { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
        { id: '2', name: 'Fine', user: 'user@example.fr', amount: 10 },
        { id: '3', name: 'Ghost', user: 'ghost@acme.io', amount: 10 },
      ],
    };
    const res = await post('opportunities', JSON.stringify(records), '?all=true');
    const { import_id: id } = (await res.json()) as { import_id: string };
    clock += 60_000;
    const [table] = (await importOf(id)).data_tables_details;
    expect(table).toMatchObject({
      number_of_records: 1,
      error: {
        title: 'ParsingError',
        description: "Can't parse 'AAAAA' as float for user attribute amount",
        parsing_error_details: [
          {
            line_number: 1,
            row: { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
            details: "ValueError: could not convert string to float: 'AAAAA'",
          },
          {
            line_number: 3,
            row: { id: '3', name: 'Ghost', user: 'ghost@acme.io', amount: '10' },
            details: "UserNotFound: no user with email 'ghost@acme.io' in this workspace",
          },
        ],
      },
    });
  });

  it('gives each ingestion its own id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i++) {
      ids.add(((await (await post('users', '[]')).json()) as { import_id: string }).import_id);
    }
    expect(ids.size).toBe(3);
  });

  it.each([
    ['{', '', /not valid JSON/],
    ['{"id": "1"}', '', /JSON array of records/],
    ['[1, 2]', '', /record 1 is not a JSON object/],
    ['[]', '?all=maybe', /'all' must be true or false/],
    ['[]', '?debounce=soon', /'debounce' must be a whole number/],
  ])('answers 400 to body %j with query %j', async (body, query, message) => {
    const res = await post('companies', body, query);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
  });

  it('answers 400 to a body over 10 MB', async () => {
    const res = await post('companies', new Uint8Array(10 * 1024 * 1024 + 1).fill(0x20));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ message: 'body is larger than 10 MB' });
  });

  it('answers 404 to an unknown table and 401 without a key', async () => {
    const unknown = await post('nope', '[]');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Data table not found: nope' });
    expect((await post('companies', '[]', '', {})).status).toBe(401);
  });
});
