// Through the real client (nock): failures without a code say what happened in words, statuses HTTP
// does not have are not retried, a BOM is no reason to refuse a body, and sizes are counted in bytes.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { type ApiEvent, createImportsApi, interpret } from '../../src/api/client.js';
import type { QiError } from '../../src/errors.js';
import { compactJson } from '../../src/render/json.js';
import { rawText } from '../helpers/builders.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { BASE, failure, ID, KEY, ORIGIN, useStrictNock } from './nock-harness.js';

const PATH = `/v1/imports/${ID}`;

function harness() {
  const events: ApiEvent[] = [];
  const api = createImportsApi(
    {
      baseUrl: BASE,
      apiKey: KEY,
      timeouts: { connectMs: 1_000, responseMs: 1_000, requestMs: 1_000 },
      maxAttempts: 2,
      maxResponseBytes: 1_000_000,
      env: {},
    },
    { now: Date.now, sleep: async () => {}, random: () => 0.5, onEvent: (event) => events.push(event) },
  );
  return { api, events };
}

useStrictNock();

describe('the client in words', () => {
  it('an error without a code (got calls it ERR_GOT_REQUEST_ERROR) is "the connection failed", with a hint', async () => {
    nock(ORIGIN).get(PATH).times(2).replyWithError(new Error('boom'));
    const error = await failure(harness().api.fetchImport(ID));
    expect(error.message).toBe(`fetching import ${ID}: the connection failed after 2 attempts`);
    expect(error.hint).toMatch(/^check the network, --base-url/);
    expect(`${error.message} ${error.hint}`).not.toMatch(/ERR_|boom/);
  });

  // Node's parser accepts any three digits (nock cannot send them: the e2e tests do, over a socket).
  it.each([600, 999, 99])('HTTP %i is an unexpected response (6), not a transient one', (status) => {
    let thrown: unknown;
    try {
      interpret(ID, { status, headers: {}, body: '{}' }, 0);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'bad_response',
      exitCode: 6,
      message: `fetching import ${ID}: HTTP ${status} is not a valid HTTP status`,
    });
    expect((thrown as QiError).extra.transient).toBeUndefined();
  });

  it('a 3xx names where it pointed, and is not followed', async () => {
    nock(ORIGIN).get(PATH).reply(308, '', { Location: 'https://elsewhere.example/v1/imports/x' });
    const error = await failure(harness().api.fetchImport(ID));
    expect(error).toMatchObject({ code: 'bad_response', exitCode: 6 });
    expect(error.message).toMatch(/redirected the request to https:\/\/elsewhere\.example \(HTTP 308\)/);
  });

  it('a body that starts with a UTF-8 BOM parses, and the raw text kept for --json has no BOM', async () => {
    nock(ORIGIN)
      .get(PATH)
      .reply(200, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DOCUMENTED_EXAMPLE_TEXT)]));
    const fetched = await harness().api.fetchImport(ID);
    expect(rawText(fetched)).toBe(compactJson(DOCUMENTED_EXAMPLE_TEXT));
    expect(fetched.document.data_import.id).toBe(ID);
  });

  it('the response event counts bytes, not UTF-16 units', async () => {
    const body = '{"note":"é€😀"}';
    nock(ORIGIN).get(PATH).reply(200, body);
    const { api, events } = harness();
    await failure(api.fetchImport(ID));
    expect(events.find((event) => event.type === 'response')).toMatchObject({
      bytes: Buffer.byteLength(body),
    });
    expect(Buffer.byteLength(body)).not.toBe(body.length);
  });
});
