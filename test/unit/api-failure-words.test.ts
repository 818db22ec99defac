// Failures in words (never a code of Node's, its HTTP parser's or got's), and redirect targets
// named safely.
import { describe, expect, it } from 'vitest';
import { describeNetworkFailure } from '../../src/api/network-failures.js';
import { describeRedirectTarget } from '../../src/api/redirect.js';

const context = {
  host: 'api.qobra.co',
  timeouts: { connectMs: 10_000, responseMs: 30_000, requestMs: 60_000 },
};
const CODE = /\b(?:HPE_|ERR_|E[A-Z]{4,})/;

describe('describeNetworkFailure', () => {
  it.each([
    ['ECONNRESET', 'connection reset', /cut the connection/],
    ['ECONNREFUSED', 'connection refused', /nothing accepts connections at api\.qobra\.co/],
    ['EAI_AGAIN', 'could not look up api.qobra.co: the DNS server did not answer', /may be offline/],
    ['ENOTFOUND', 'host api.qobra.co not found', /check the host name in --base-url/],
    ['HPE_HEADER_OVERFLOW', /response headers over \d+ KiB, more than Node\.js accepts/, /not the API/],
    ['HPE_INVALID_CONSTANT', 'the server sent something that is not HTTP', /right scheme and port/],
    [
      'HPE_LF_EXPECTED',
      'the server sent a malformed HTTP response: it does not follow the protocol',
      /not the API/,
    ],
    ['ERR_GOT_REQUEST_ERROR', 'the connection failed', /check the network/],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'api.qobra.co does not speak TLS on that port',
      /http:\/\/ and https:\/\//,
    ],
    [
      'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
      'the TLS handshake with api.qobra.co failed',
      /share no TLS version/,
    ],
    ['EHOSTDOWN', 'host is down', /check the network/],
    [undefined, 'the connection failed', /check the network/],
  ] as const)('%s is said in words, with what to do next', (code, message, hint) => {
    const words = describeNetworkFailure(code, undefined, context);
    expect(words.failure).toBe('network');
    if (typeof message === 'string') expect(words.message).toBe(message);
    else expect(words.message).toMatch(message);
    expect(words.hint).toMatch(hint);
    expect(`${words.message} ${words.hint}`).not.toMatch(CODE);
  });

  it.each([
    ['connect', /no connection to api\.qobra\.co within 10s/],
    ['response', /sent no answer within 30s/],
    ['request', /did not arrive within 1m 00s: for very large imports, raise --request-timeout/],
    ['read', /stalled/],
  ])('a timeout while waiting for %s keeps its short message and says what it means', (event, hint) => {
    const words = describeNetworkFailure('ETIMEDOUT', event, context);
    expect(words).toMatchObject({ failure: 'timeout', message: `timed out (${event})` });
    expect(words.hint).toMatch(hint);
  });
});

describe('describeRedirectTarget', () => {
  const asked = 'https://api.qobra.co/v1/imports/x';
  it.each([
    ['https://other.example:8443/steal?token=1', 'https://other.example:8443'],
    ['HTTP://Other.Example/', 'http://other.example'],
    ['/v2/imports/x', 'https://api.qobra.co'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example'],
    ['https://[::1]:9/', 'https://[::1]:9'],
    ['javascript:alert(1)', 'an address that is not http(s)'],
    ['http://exa mple.com/', 'an address that is not a URL'],
    ['https://ev\u00e2\u0080\u00aeil.example/', 'an address that is not a URL'],
  ])('%j is named as %j', (location, shown) => {
    expect(describeRedirectTarget(location, asked)).toBe(shown);
  });

  it('names nothing without a Location, and a relative one as the same host when the URL is unknown', () => {
    expect(describeRedirectTarget(undefined, asked)).toBeUndefined();
    expect(describeRedirectTarget('  ', asked)).toBeUndefined();
    expect(describeRedirectTarget('/elsewhere', undefined)).toBe('another path on the same host');
  });
});
