// One cap on requests in flight, end to end: the built binary following 50 imports against a
// loopback server that counts how many requests it is answering at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUESTS_IN_FLIGHT } from '../../src/api/limited-api.js';
import { aDataTable, anImportDocument, stageTimes } from '../helpers/builders.js';
import { json, runCli, startServer, type TestServer } from './harness.js';

/** Each import is `started` for its first two answers, then finished; every answer takes this long. */
const ANSWER_MS = 40;
const IDS = Array.from({ length: 50 }, (_, i) => `64b0c1ea${String(i).padStart(16, '0')}`);

let server: TestServer;
let inFlight = 0;
let peak = 0;
const answers = new Map<string, number>();

beforeAll(async () => {
  server = await startServer((request, response) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    const id = decodeURIComponent(request.url?.replace(/^\/v1\/imports\//, '') ?? '');
    const seen = (answers.get(id) ?? 0) + 1;
    answers.set(id, seen);
    const status = seen > 2 ? 'finished' : 'started';
    setTimeout(() => {
      inFlight--;
      json(
        response,
        200,
        anImportDocument({
          id,
          status,
          progress: seen > 2 ? 100 : 40,
          ...stageTimes(status),
          data_tables_details: [aDataTable()],
        }),
      );
    }, ANSWER_MS);
  });
});
afterAll(() => server.close());

const reset = () => {
  inFlight = 0;
  peak = 0;
  answers.clear();
};

// One at a time: both tests read the server's counters.
describe('requests in flight', () => {
  it(`watch of 50 imports never has more than ${MAX_REQUESTS_IN_FLIGHT} requests in flight`, async () => {
    reset();
    const run = await runCli(['watch', ...IDS, '--interval', '0.1', '--json'], {
      env: { QOBRA_BASE_URL: server.url },
      timeoutMs: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Every import was followed to the end: three answers each, the last one finished.
    expect([...answers.values()]).toEqual(IDS.map(() => 3));
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(IDS.length * 2);
    expect(peak).toBe(MAX_REQUESTS_IN_FLIGHT);
  }, 70_000);

  it(`status of 50 imports shares the same cap`, async () => {
    reset();
    const run = await runCli(['status', ...IDS, '--json'], {
      env: { QOBRA_BASE_URL: server.url },
      timeoutMs: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(8);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(IDS.length);
    expect(peak).toBe(MAX_REQUESTS_IN_FLIGHT);
  }, 70_000);
});
