// Hardening end to end, the built binary against a loopback server: statuses the docs do not list
// count as "not finished" everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, runCli, startServer, type TestServer } from './harness.js';

function importDocument(id: string, tableStatus: string) {
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
          status: tableStatus,
          data_table_key: 'companies',
          progress: 100,
          number_of_records: 10,
          error: null,
        },
      ],
    },
  };
}

let server: TestServer;
/** Wall time of every request, by import id. */
const seen = new Map<string, number[]>();
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const id = decodeURIComponent(request.url?.replace(/^\/v1\/imports\//, '') ?? '');
    const times = seen.get(id) ?? [];
    times.push(Date.now());
    seen.set(id, times);
    // "weird-then-done" is weird for its first two answers, then really finished.
    const weird = id === 'weird' || (id === 'weird-then-done' && times.length <= 2);
    return json(response, 200, importDocument(id, weird ? 'weird' : 'finished'));
  });
  env = { QOBRA_BASE_URL: server.url };
});
afterAll(() => server.close());

const WARNING = 'reports status "weird", which Qobra\'s docs do not list; counting it as not finished';

describe('a finished import whose data table reports "weird"', () => {
  it.each([
    ['status', ['status', 'weird']],
    ['status --json', ['status', 'weird', '--json']],
    ['errors', ['errors', 'weird']],
    ['errors --json', ['errors', 'weird', '--json']],
  ])('%s: not finished, exit 8, with the warning', async (_name, args) => {
    const run = await runCli(args, { env });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain(WARNING);
  });

  it('watch keeps waiting for it: looks again and again, and runs into --timeout (124)', async () => {
    const before = seen.get('weird')?.length ?? 0;
    const run = await runCli(['watch', 'weird', '--interval', '0.1', '--timeout', '2'], { env });
    expect(run.code).toBe(124);
    expect(run.stderr).toContain(WARNING);
    expect((seen.get('weird')?.length ?? 0) - before).toBeGreaterThan(2);
  });

  it('watch stops once every level says finished, and exits 0', async () => {
    const run = await runCli(['watch', 'weird-then-done', '--interval', '0.1', '--timeout', '10'], { env });
    expect(run.code).toBe(0);
    expect(seen.get('weird-then-done')).toHaveLength(3);
  });
});
