// The one-shot retry loop against nock: a Retry-After of -5, 0 or a past date leaves the backoff in
// charge (it used to make four requests at once), and a capped one is reported as the cap.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { type ApiEvent, createImportsApi } from '../../src/api/client.js';
import { BASE, failure, ID, KEY, ORIGIN, useStrictNock } from './nock-harness.js';

const NOW = Date.parse('2024-06-25T10:20:00Z');
const path = `/v1/imports/${ID}`;

function harness() {
  const slept: number[] = [];
  const events: ApiEvent[] = [];
  const api = createImportsApi(
    {
      baseUrl: BASE,
      apiKey: KEY,
      timeouts: { connectMs: 2_000, responseMs: 2_000, requestMs: 5_000 },
      maxAttempts: 4,
      maxResponseBytes: 1_000_000,
      env: {},
    },
    {
      now: () => NOW,
      sleep: async (ms) => {
        slept.push(ms);
      },
      random: () => 0.5,
      onEvent: (event) => events.push(event),
    },
  );
  return { api, slept, events };
}

useStrictNock();

describe('fetchImport and a Retry-After that makes no sense', () => {
  it.each([['-5'], ['0'], ['Tue, 25 Jun 2024 10:00:00 GMT']])(
    'Retry-After %j: the usual backoff (about 1 s, 2 s, 4 s), not four requests at once',
    async (value) => {
      nock(ORIGIN).get(path).times(4).reply(503, '', { 'Retry-After': value });
      const { api, slept, events } = harness();
      const error = await failure(api.fetchImport(ID));
      expect(error).toMatchObject({ code: 'unavailable', exitCode: 5 });
      // Equal jitter with random() = 0.5: 3/4 of 1 s, 2 s and 4 s.
      expect(slept).toEqual([750, 1_500, 3_000]);
      expect(events.filter((event) => event.type === 'retry' && event.retryAfter)).toEqual([]);
    },
  );

  it('a capped Retry-After: waits the cap and says what the server asked for', async () => {
    nock(ORIGIN).get(path).reply(429, '', { 'Retry-After': '3600' }).get(path).reply(503);
    nock(ORIGIN).get(path).times(2).reply(503);
    const { api, slept, events } = harness();
    await failure(api.fetchImport(ID));
    expect(slept[0]).toBe(60_000);
    expect(events.find((event) => event.type === 'retry')).toMatchObject({
      delayMs: 60_000,
      retryAfter: true,
      retryAfterAskedMs: 3_600_000,
    });
  });
});
