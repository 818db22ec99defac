// Bodies the client must refuse (exit 6, one line, no server text) and failures that must never carry the key.
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { type ApiConfig, createImportsApi } from '../../src/api/client.js';
import type { QiError } from '../../src/errors.js';
import { BASE, failure, ID, KEY, ORIGIN, useStrictNock } from './nock-harness.js';

const PATH = `/v1/imports/${ID}`;

function api(overrides: Partial<ApiConfig> = {}) {
  return createImportsApi(
    {
      baseUrl: BASE,
      apiKey: KEY,
      timeouts: { connectMs: 50, responseMs: 50, requestMs: 200 },
      maxAttempts: 2,
      maxResponseBytes: 1_000_000,
      env: {},
      ...overrides,
    },
    { now: () => Date.parse('2024-06-25T10:20:00Z'), sleep: async () => {}, random: () => 0.5 },
  );
}

/** Exit 6 with a single-line message that names the import and quotes nothing from the body. */
function expectBadResponse(error: QiError, bodyText: string[]): void {
  expect(error).toMatchObject({ code: 'bad_response', exitCode: 6 });
  expect(error.message).toContain(ID);
  expect(error.message).not.toMatch(/[\r\n]/);
  for (const text of bodyText) expect(error.message).not.toContain(text);
}

useStrictNock();

describe('unexpected bodies', () => {
  it('invalid JSON → exit 6, not retried', async () => {
    nock(ORIGIN)
      .get(PATH)
      .reply(200, '{"data_import": {"id": "abc", oops', { 'Content-Type': 'application/json' });
    const error = await failure(api().fetchImport(ID));
    expectBadResponse(error, ['oops', 'abc']);
    expect(error.message).toContain('not valid JSON');
  });

  it('an HTML page (a proxy or login wall) → exit 6, without its text', async () => {
    const page =
      '<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n<body>Corporate portal\u001b[31m</body></html>';
    nock(ORIGIN).get(PATH).reply(200, page, { 'Content-Type': 'text/html; charset=utf-8' });
    const error = await failure(api().fetchImport(ID));
    expectBadResponse(error, ['<html', 'Sign in', 'Corporate', '\u001b']);
    expect(error.message).toContain('text/html');
  });

  it('an empty body → exit 6', async () => {
    nock(ORIGIN).get(PATH).reply(200, '');
    expectBadResponse(await failure(api().fetchImport(ID)), []);
  });

  it('the wrong shape → exit 6 naming the path of the wrong field', async () => {
    const body = JSON.stringify({
      data_import: {
        id: ID,
        status: 'finished',
        data_tables_details: [
          { status: 'finished', data_table_key: 'companies', progress: 100 },
          { status: 'finished', data_table_key: 'deals', progress: 'SECRET-ish text' },
        ],
      },
    });
    nock(ORIGIN).get(PATH).reply(200, body);
    const error = await failure(api().fetchImport(ID));
    expectBadResponse(error, ['SECRET-ish']);
    expect(error.message).toContain('data_import.data_tables_details[1].progress');
  });

  it('JSON that is not an object → exit 6', async () => {
    nock(ORIGIN).get(PATH).reply(200, '[1,2,3]');
    const error = await failure(api().fetchImport(ID));
    expectBadResponse(error, []);
    expect(error.message).toContain('unexpected response shape at (root)');
  });

  it('a body over maxResponseBytes → exit 6, not retried', async () => {
    const big = JSON.stringify({
      data_import: { id: ID, status: 'finished', data_tables_details: [], pad: 'x'.repeat(5_000) },
    });
    nock(ORIGIN).get(PATH).reply(200, big);
    const error = await failure(api({ maxResponseBytes: 1_000 }).fetchImport(ID));
    expectBadResponse(error, ['xxxx']);
    expect(error.message).toContain('larger than');
  });

  it('a body over maxResponseBytes sent without a length → exit 6', async () => {
    const chunks = ['{"data_import":{"pad":"', 'x'.repeat(800), 'x'.repeat(800), '"}}'];
    nock(ORIGIN)
      .get(PATH)
      .reply(200, () => chunks.join(''), { 'Transfer-Encoding': 'chunked' });
    const error = await failure(api({ maxResponseBytes: 1_000 }).fetchImport(ID));
    expectBadResponse(error, ['xxxx']);
  });

  it('an unexpected status (e.g. 418) → exit 6 without the body', async () => {
    nock(ORIGIN).get(PATH).reply(418, "I'm a teapot: short and stout");
    const error = await failure(api().fetchImport(ID));
    expectBadResponse(error, ['teapot']);
    expect(error.message).toContain('HTTP 418');
  });
});

describe('the API key never leaks', () => {
  const views = (error: unknown): string[] => [
    error instanceof Error ? error.message : '',
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, showHidden: true }),
  ];

  const cases: [string, () => void][] = [
    [
      '401',
      () =>
        nock(ORIGIN)
          .get(PATH)
          .reply(401, { error: `bad key ${KEY}` }),
    ],
    ['404', () => nock(ORIGIN).get(PATH).reply(404)],
    ['400', () => nock(ORIGIN).get(PATH).reply(400, `invalid request with key ${KEY}`)],
    ['503 twice', () => nock(ORIGIN).get(PATH).times(2).reply(503, KEY)],
    [
      'a dropped connection',
      () =>
        nock(ORIGIN)
          .get(PATH)
          .times(2)
          .replyWithError(
            Object.assign(new Error(`reset while sending X-API-Key: ${KEY}`), { code: 'ECONNRESET' }),
          ),
    ],
    [
      'an unknown network error',
      () =>
        nock(ORIGIN)
          .get(PATH)
          .times(2)
          .replyWithError(new Error(`boom ${KEY}`)),
    ],
    ['a timeout', () => nock(ORIGIN).get(PATH).times(2).delay(1_000).reply(200, '{}')],
    ['invalid JSON', () => nock(ORIGIN).get(PATH).reply(200, `{"key":"${KEY}"`)],
    [
      'a wrong shape',
      () =>
        nock(ORIGIN)
          .get(PATH)
          .reply(200, { data_import: { id: KEY } }),
    ],
    ['a body too large', () => nock(ORIGIN).get(PATH).reply(200, KEY.repeat(200))],
  ];

  it.each(cases)('%s', async (_name, mock) => {
    mock();
    const error = await failure(api({ maxResponseBytes: 1_000 }).fetchImport(ID));
    for (const view of views(error)) expect(view).not.toContain(KEY);
  });

  it('nor does a certificate that cannot be trusted', async () => {
    nock(ORIGIN)
      .get(PATH)
      .replyWithError(
        Object.assign(new Error(`self-signed certificate for a request with ${KEY}`), {
          code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        }),
      );
    const error = await failure(api({ maxAttempts: 1 }).fetchImport(ID));
    expect(error).toMatchObject({ code: 'unavailable', exitCode: 5 });
    for (const view of views(error)) expect(view).not.toContain(KEY);
  });

  it('nor does a request to a host nock does not know (net connect disabled)', async () => {
    const error = await failure(
      api({ baseUrl: 'https://unknown.qobra.test/v1', maxAttempts: 1 }).fetchImport(ID),
    );
    expect(error).toMatchObject({ code: 'unavailable', exitCode: 5 });
    for (const view of views(error)) expect(view).not.toContain(KEY);
  });
});
