// The client reads a body as it arrives, from a real socket on 127.0.0.1: dribbled in small writes
// it makes the same document; the size cap is judged on the bytes as they come (a declared length
// over it is refused before any is read), and a body cut off mid-row is a network failure, retried.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiConfig, createImportsApi } from '../../src/api/client.js';
import { compactJson } from '../../src/render/json.js';
import { rawText, withRowArrays } from '../helpers/builders.js';
import { failure } from './nock-harness.js';

const ROWS = 3_000;
const body = `{"data_import":{"id":"big","status":"finished","progress":100,"data_tables_details":[{"status":"finished","data_table_key":"t","error":{"title":"T","description":"D","parsing_error_details":[${Array.from(
  { length: ROWS },
  (_, i) =>
    `{"line_number":${i + 2},"row":{"id":"${i}","amount":${i}.10,"note":"é 😀"},"details":"bad ${i}"}`,
).join(',')}]}}]}}`;

type Route = (response: ServerResponse, attempt: number) => void;
const routes: Record<string, Route> = {
  // Small writes, each on its own turn: many chunk boundaries, anywhere in a row or a character.
  dribbled(response) {
    response.writeHead(200, { 'content-type': 'application/json' });
    const bytes = Buffer.from(body);
    let at = 0;
    const next = () => {
      if (at >= bytes.length) return response.end();
      const size = 1 + ((at * 7919) % 4_093);
      response.write(bytes.subarray(at, at + size));
      at += size;
      setImmediate(next);
    };
    next();
  },
  declaredTooLarge(response) {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 2 ** 20) });
    response.write('{"data_import":');
    // Never finished: the client must refuse on the header alone.
  },
  endless(response) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write(
      '{"data_import":{"id":"x","status":"finished","data_tables_details":[{"error":{"parsing_error_details":[',
    );
    const row = Buffer.from('{"line_number":1,"row":{"a":"b"},"details":"d"},'.repeat(1_000));
    const more = () => {
      if (response.destroyed) return;
      if (response.write(row)) setImmediate(more);
      else response.once('drain', more);
    };
    more();
  },
  cutThenWhole(response, attempt) {
    if (attempt > 1) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    response.write(body.slice(0, 5_000));
    setTimeout(() => response.destroy(), 20);
  },
};

let server: Server;
let base: string;
const attempts = new Map<string, number>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const id = request.url?.split('/').pop() ?? '';
    const attempt = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, attempt);
    const route = routes[id];
    if (!route) {
      response.writeHead(404).end('{}');
      return;
    }
    route(response, attempt);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function api(overrides: Partial<ApiConfig> = {}) {
  return createImportsApi(
    {
      baseUrl: base,
      apiKey: 'k',
      timeouts: { connectMs: 5_000, responseMs: 5_000, requestMs: 20_000 },
      maxAttempts: 2,
      maxResponseBytes: 4 * 2 ** 20,
      env: {},
      ...overrides,
    },
    { now: () => 0, sleep: async () => {}, random: () => 0 },
  );
}

describe('bodies read as a stream', () => {
  it('dribbled in small writes: the same document and the same raw text as the whole body', async () => {
    const fetched = await api().fetchImport('dribbled');
    const rows = fetched.document.data_import.data_tables_details[0]?.error?.parsing_error_details;
    expect(rows?.length).toBe(ROWS);
    // Exact numbers too: 12.10 keeps its trailing zero.
    expect(String(rows?.slice(12, 13)[0]?.row?.amount)).toBe('12.10');
    const parsed = JSON.parse(body) as { data_import: unknown };
    const plain = withRowArrays(fetched.document);
    expect(JSON.parse(JSON.stringify(plain))).toEqual(parsed);
    expect(rawText(fetched)).toBe(compactJson(body));
  });

  it('a declared length over the cap: refused at once, exit 6, not retried', async () => {
    const error = await failure(api().fetchImport('declaredTooLarge'));
    expect(error.exitCode).toBe(6);
    expect(error.message).toContain('larger than 4 MiB');
    expect(attempts.get('declaredTooLarge')).toBe(1);
  });

  it('a body that never ends: stopped at the cap while it streams, exit 6', async () => {
    const error = await failure(api({ maxResponseBytes: 2 * 2 ** 20 }).fetchImport('endless'));
    expect(error.exitCode).toBe(6);
    expect(error.message).toContain('larger than 2 MiB');
  });

  it('a connection cut mid-row: a network failure, retried, and the second answer is read whole', async () => {
    const fetched = await api().fetchImport('cutThenWhole');
    expect(attempts.get('cutThenWhole')).toBe(2);
    expect(fetched.document.data_import.data_tables_details[0]?.error?.parsing_error_details?.length).toBe(
      ROWS,
    );
  });
});
