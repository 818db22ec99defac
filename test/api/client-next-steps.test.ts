// Every failure of the API's answer ends with a next step (the hint line): what to check, not only
// what went wrong. A 404 names the URL asked (never the key: it only travels in the header).
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/api/client.js';
import type { HttpResponse } from '../../src/api/http.js';
import { QiError } from '../../src/errors.js';

const ID = '647a13fe875af4b4eb7133c2';
const URL_ASKED = `http://127.0.0.1:4010/imports/${ID}`;

function failureOf(response: Partial<HttpResponse>): QiError {
  try {
    interpret(ID, { status: 200, headers: {}, body: '', url: URL_ASKED, ...response }, 0);
  } catch (error) {
    if (error instanceof QiError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('failures say what to do next', () => {
  it('404 names the URL asked and suggests checking --base-url and its /v1, as well as the id', () => {
    const failure = failureOf({ status: 404, body: '{}' });
    expect(failure.code).toBe('not_found');
    expect(failure.message).toBe(`import ${ID} not found (GET ${URL_ASKED})`);
    expect(failure.extra.hint).toMatch(/check the id, and that --base-url .* ends in \/v1/);
  });

  it('an HTML page instead of JSON points at a proxy or captive portal', () => {
    const failure = failureOf({ headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html>' });
    expect(failure.code).toBe('bad_response');
    expect(failure.extra.hint).toMatch(/proxy or captive portal/);
  });

  it('other text that is not JSON asks to check --base-url', () => {
    const failure = failureOf({ headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(failure.extra.hint).toMatch(/--base-url .* points at Qobra's API/);
  });

  it('JSON of the wrong shape asks to check --base-url, then to report it', () => {
    const failure = failureOf({ body: '{"data_import":{"id":3}}' });
    expect(failure.message).toMatch(/unexpected response shape at data_import/);
    expect(failure.extra.hint).toMatch(/--base-url .*please report it/);
  });

  it.each([
    [503, /failing on its side: try again later, or follow the import with `watch`/],
    [429, /rate-limiting this key: space out scripted calls/],
    [408, /gave up waiting for the request: try again/],
  ])('HTTP %i, once retries are spent, says what to do', (status, hint) => {
    const failure = failureOf({ status, body: '' });
    expect(failure.code).toBe('unavailable');
    expect(failure.extra.hint).toMatch(hint);
  });
});
