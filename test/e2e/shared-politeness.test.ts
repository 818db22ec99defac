// One politeness for the whole run, end to end: when the API answers one import with 429 and
// Retry-After: 1, no request for any other import reaches the server during that second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUESTS_IN_FLIGHT } from '../../src/api/limited-api.js';
import { aDataTable, anImportDocument, stageTimes } from '../helpers/builders.js';
import { json, runCli, startServer, type TestServer } from './harness.js';

const IDS = Array.from({ length: 50 }, (_, i) => `64b0c1eb${String(i).padStart(16, '0')}`);
/** The first id asked: among the first wave of requests, so others are waiting when it is told to wait. */
const SLOWED = IDS[0] as string;
const ANSWER_MS = 100;
const RETRY_AFTER_S = 1;

let server: TestServer;
/** When each request arrived (ms since the server started), and for which id. */
const arrivals: { id: string; at: number }[] = [];
let told: number | undefined;
const held: (() => void)[] = [];
let inFlight = 0;
let peak = 0;
const started = performance.now();

const finished = (id: string) =>
  anImportDocument({
    id,
    status: 'finished',
    progress: 100,
    ...stageTimes('finished'),
    data_tables_details: [aDataTable()],
  });

beforeAll(async () => {
  server = await startServer((request, response) => {
    const id = decodeURIComponent(request.url?.replace(/^\/v1\/imports\//, '') ?? '');
    const at = performance.now() - started;
    arrivals.push({ id, at });
    inFlight++;
    peak = Math.max(peak, inFlight);
    const answer = () => {
      inFlight--;
      json(response, 200, finished(id));
    };
    if (id === SLOWED && told === undefined) {
      // Told to wait once the whole first wave has arrived (or soon, whatever the cap), so every
      // request arriving after this moment was sent after the client heard "slow down".
      const tell = () => {
        if (told !== undefined) return;
        told = performance.now() - started;
        inFlight--;
        response.writeHead(429, { 'Retry-After': String(RETRY_AFTER_S), 'Content-Type': 'application/json' });
        response.end('{"error":"rate limited"}');
        for (const release of held.splice(0)) setTimeout(release, ANSWER_MS);
      };
      setTimeout(tell, 300);
      const check = setInterval(() => {
        if (arrivals.length >= MAX_REQUESTS_IN_FLIGHT || told !== undefined) {
          clearInterval(check);
          tell();
        }
      }, 5);
      return;
    }
    if (told === undefined) held.push(answer);
    else setTimeout(answer, ANSWER_MS);
  });
});
afterAll(() => server.close());

describe('one politeness for every import', () => {
  it('a 429 with Retry-After to one id holds the requests for every other id', async () => {
    const run = await runCli(['status', ...IDS, '--json'], {
      env: { QOBRA_BASE_URL: server.url },
      timeoutMs: 60_000,
    });
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(IDS.length);
    expect(told).toBeDefined();
    const pausedUntil = (told as number) + RETRY_AFTER_S * 1000;
    const during = arrivals.filter(({ at }) => at > (told as number) && at < pausedUntil);
    expect(during).toEqual([]);
    // Every id was asked for, the slowed one twice, and never more than the cap at once.
    expect(arrivals.filter(({ id }) => id === SLOWED)).toHaveLength(2);
    expect(new Set(arrivals.map(({ id }) => id)).size).toBe(IDS.length);
    expect(peak).toBeLessThanOrEqual(16);
  }, 70_000);
});
