// The API client against nock: every status the contract names, with retries made instant.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { type ApiConfig, type ApiEvent, createImportsApi, type ImportsApi } from '../../src/api/client.js';
import { compactJson } from '../../src/render/json.js';
import { rawText, withRowArrays } from '../helpers/builders.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { BASE, failure, ID, KEY, ORIGIN, useStrictNock } from './nock-harness.js';

const NOW = Date.parse('2024-06-25T10:20:00Z');
const FIXTURE = DOCUMENTED_EXAMPLE_TEXT;

interface Harness {
  api: ImportsApi;
  slept: number[];
  events: ApiEvent[];
}

function harness(overrides: Partial<ApiConfig> = {}): Harness {
  const slept: number[] = [];
  const events: ApiEvent[] = [];
  const config: ApiConfig = {
    baseUrl: BASE,
    apiKey: KEY,
    timeouts: { connectMs: 2_000, responseMs: 2_000, requestMs: 5_000 },
    maxAttempts: 3,
    maxResponseBytes: 1_000_000,
    env: {},
    ...overrides,
  };
  const api = createImportsApi(config, {
    now: () => NOW,
    sleep: async (ms) => {
      slept.push(ms);
    },
    random: () => 0.5,
    onEvent: (event) => events.push(event),
  });
  return { api, slept, events };
}

const path = (id = ID) => `/v1/imports/${id}`;

// nock 14 (via @mswjs/interceptors) needs a real Error here: a plain object is mistaken for a Response.
const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

useStrictNock();

describe('fetchImport: success', () => {
  it('returns the validated document and the body exactly as received', async () => {
    nock(ORIGIN).get(path()).reply(200, FIXTURE, { 'Content-Type': 'application/json' });
    const fetched = await harness().api.fetchImport(ID);
    expect(fetched.id).toBe(ID);
    expect(rawText(fetched)).toBe(compactJson(FIXTURE));
    expect(withRowArrays(fetched.document)).toEqual(JSON.parse(FIXTURE));
  });

  it('keeps the raw body digit for digit, unknown fields included', async () => {
    const body = `{"data_import":{"id":"x","status":"finished","progress":1.000000000000000000001,"big":12345678901234567890,"data_tables_details":[]},"errored":false}`;
    nock(ORIGIN).get(path('x')).reply(200, body);
    const fetched = await harness().api.fetchImport('x');
    expect(rawText(fetched)).toBe(body);
    expect(fetched.document).toMatchObject({
      errored: false,
      data_import: { big: Number('12345678901234567890') },
    });
  });

  it('sends the key in X-API-Key and asks for JSON', async () => {
    nock(ORIGIN, { reqheaders: { 'x-api-key': KEY, accept: 'application/json' } })
      .get(path())
      .reply(200, FIXTURE);
    await expect(harness().api.fetchImport(ID)).resolves.toMatchObject({ id: ID });
  });

  it('URL-encodes the id into one path segment', async () => {
    const seen: string[] = [];
    nock(ORIGIN)
      .get((uri) => {
        seen.push(uri);
        return true;
      })
      .reply(200, FIXTURE);
    await harness().api.fetchImport('a+b&c=d;é:x');
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['/v1/imports/a%2Bb%26c%3Dd%3B%C3%A9%3Ax']));
  });

  it('reports request and response events without the key', async () => {
    nock(ORIGIN).get(path()).reply(200, FIXTURE);
    const { api, events } = harness();
    await api.fetchImport(ID);
    expect(events.map((e) => e.type)).toEqual(['request', 'response']);
    expect(events[0]).toMatchObject({ url: `${BASE}${path().slice(3)}`, attempt: 1 });
    expect(events[1]).toMatchObject({ status: 200, bytes: FIXTURE.length });
    expect(JSON.stringify(events)).not.toContain(KEY);
  });
});

describe('fetchImport: refusals', () => {
  it.each([
    [401, 'auth', 4],
    [403, 'auth', 4],
    [404, 'not_found', 3],
    [400, 'usage', 2],
    [422, 'usage', 2],
  ])('HTTP %i → %s (exit %i), not retried', async (status, code, exitCode) => {
    nock(ORIGIN).get(path()).reply(status, { message: 'server says <b>no</b>' });
    const { api, slept } = harness();
    const error = await failure(api.fetchImport(ID));
    expect(error).toMatchObject({ code, exitCode, extra: expect.objectContaining({ status, importId: ID }) });
    expect(error.message).toContain(ID);
    expect(error.message).not.toContain('server says');
    expect(slept).toEqual([]);
  });

  it('does not follow a redirect (it could carry the key to another host)', async () => {
    nock(ORIGIN).get(path()).reply(302, '', { Location: 'https://elsewhere.test/steal' });
    const elsewhere = nock('https://elsewhere.test').get('/steal').reply(200, FIXTURE);
    const error = await failure(harness().api.fetchImport(ID));
    expect(elsewhere.isDone()).toBe(false);
    nock.cleanAll();
    expect(error).toMatchObject({
      code: 'bad_response',
      exitCode: 6,
      extra: expect.objectContaining({ status: 302 }),
    });
    expect(error.message).toContain('HTTP 302');
  });
});

describe('fetchImport: retries', () => {
  it('obeys Retry-After on 429, announces the retry, then succeeds', async () => {
    nock(ORIGIN).get(path()).reply(429, 'slow down', { 'Retry-After': '7' }).get(path()).reply(200, FIXTURE);
    const { api, slept, events } = harness();
    expect(rawText(await api.fetchImport(ID))).toBe(compactJson(FIXTURE));
    expect(slept).toEqual([7_000]);
    expect(events.filter((e) => e.type === 'retry')).toEqual([
      {
        type: 'retry',
        importId: ID,
        attempt: 1,
        maxAttempts: 3,
        delayMs: 7_000,
        reason: 'HTTP 429 (rate limited)',
        retryAfter: true,
      },
    ]);
  });

  it('caps Retry-After at 60 s, as seconds or as an HTTP date', async () => {
    nock(ORIGIN)
      .get(path())
      .reply(429, '', { 'Retry-After': '3600' })
      .get(path())
      .reply(503, '', { 'Retry-After': new Date(NOW + 5_000).toUTCString() })
      .get(path())
      .reply(200, FIXTURE);
    const { api, slept } = harness();
    await api.fetchImport(ID);
    expect(slept).toEqual([60_000, 5_000]);
  });

  it('retries 5xx and 408 with growing backoff, then succeeds', async () => {
    nock(ORIGIN).get(path()).reply(502).get(path()).reply(408).get(path()).reply(200, FIXTURE);
    const { api, slept, events } = harness();
    await expect(api.fetchImport(ID)).resolves.toMatchObject({ id: ID });
    // Equal jitter with random() = 0.5: 3/4 of 1 s, then of 2 s.
    expect(slept).toEqual([750, 1_500]);
    expect(events.filter((e) => e.type === 'retry').map((e) => (e.type === 'retry' ? e.reason : ''))).toEqual(
      ['HTTP 502', 'HTTP 408'],
    );
  });

  it('gives up after maxAttempts of 5xx with exit 5, saying how many attempts', async () => {
    nock(ORIGIN).get(path()).times(3).reply(503, '<h1>Service Unavailable</h1>');
    const { api, slept } = harness();
    const error = await failure(api.fetchImport(ID));
    expect(error).toMatchObject({ code: 'unavailable', exitCode: 5 });
    expect(error.message).toBe(`fetching import ${ID}: HTTP 503 after 3 attempts`);
    expect(slept).toHaveLength(2);
  });

  it('retries a dropped connection', async () => {
    nock(ORIGIN).get(path()).replyWithError(connectionReset()).get(path()).reply(200, FIXTURE);
    const { api, events } = harness();
    await expect(api.fetchImport(ID)).resolves.toMatchObject({ id: ID });
    expect(events.find((e) => e.type === 'retry')).toMatchObject({
      reason: 'connection reset',
      retryAfter: false,
    });
  });

  it('reports a connection that keeps dropping as unavailable (exit 5)', async () => {
    nock(ORIGIN).get(path()).times(2).replyWithError(connectionReset());
    const error = await failure(harness({ maxAttempts: 2 }).api.fetchImport(ID));
    expect(error).toMatchObject({ code: 'unavailable', exitCode: 5 });
    expect(error.message).toBe(`fetching import ${ID}: connection reset after 2 attempts`);
  });

  it('times out a slow answer and retries it (exit 5 once attempts run out)', async () => {
    nock(ORIGIN).get(path()).times(2).delayBody(2_000).reply(200, FIXTURE);
    const timeouts = { connectMs: 1_000, responseMs: 50, requestMs: 1_000 };
    const started = Date.now();
    const { api, events } = harness({ timeouts, maxAttempts: 2 });
    const error = await failure(api.fetchImport(ID));
    expect(Date.now() - started).toBeLessThan(900);
    expect(error).toMatchObject({ code: 'unavailable', exitCode: 5 });
    expect(error.message).toBe(`fetching import ${ID}: timed out (response) after 2 attempts`);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ reason: 'timed out (response)' });
  });

  it('a server that never answers is bounded by the connect and request timeouts', async () => {
    nock(ORIGIN).get(path()).delay(2_000).reply(200, FIXTURE);
    const timeouts = { connectMs: 50, responseMs: 50, requestMs: 100 };
    const started = Date.now();
    const error = await failure(harness({ timeouts, maxAttempts: 1 }).api.fetchImport(ID));
    expect(Date.now() - started).toBeLessThan(900);
    expect(error).toMatchObject({
      code: 'unavailable',
      exitCode: 5,
      extra: expect.objectContaining({ transient: true }),
    });
    expect(error.message).toMatch(/^fetching import \w+: timed out/);
  });

  it('fetchImportOnce makes one attempt and marks the failure transient', async () => {
    nock(ORIGIN).get(path()).reply(500);
    const { api, slept } = harness();
    const error = await failure(api.fetchImportOnce(ID));
    expect(error).toMatchObject({
      code: 'unavailable',
      extra: expect.objectContaining({ transient: true, status: 500 }),
    });
    expect(error.message).toBe(`fetching import ${ID}: HTTP 500`);
    expect(slept).toEqual([]);
  });
});
