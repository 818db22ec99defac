import { describe, expect, it } from 'vitest';
import { proxyForUrl, proxyRoute } from '../../src/api/proxy.js';
import { describeCertificateFailure, describeProxyFailure } from '../../src/api/transport-failures.js';

const api = new URL('https://api.qobra.co/v1');
const plain = new URL('http://127.0.0.1:4010/v1');

describe('proxy URLs as curl reads them', () => {
  it.each([
    ['proxy.example:3128', 'http://proxy.example:3128'],
    ['user:pass@proxy.example:3128', 'http://user:pass@proxy.example:3128'],
    ['10.0.0.1:8080', 'http://10.0.0.1:8080'],
    ['[::1]:3128', 'http://[::1]:3128'],
    ['http://proxy.example:3128', 'http://proxy.example:3128'],
    ['HTTPS://proxy.example', 'HTTPS://proxy.example'],
  ])('%s is %s', (value, expected) => {
    expect(proxyForUrl(api, { HTTPS_PROXY: value })).toBe(expected);
    expect(proxyForUrl(plain, { http_proxy: value })).toBe(expected);
    expect(proxyForUrl(api, { ALL_PROXY: value })).toBe(expected);
  });

  it.each([
    ['http://user:secret@proxy.example:3128', 'http://proxy.example:3128'],
    ['http://proxy.example', 'http://proxy.example:1080'],
    ['http://proxy.example:80', 'http://proxy.example:80'],
    ['https://user@proxy.example', 'https://proxy.example:443'],
    ['http://[::1]', 'http://[::1]:1080'],
  ])('%s is shown as %s (no credentials; the default port is 1080, as in curl)', async (value, shown) => {
    const route = await proxyRoute(value);
    expect(route.display).toBe(shown);
    const agents = route.openAgents({ connectMs: 1_000 });
    agents.destroy();
    const { proxy } = agents.https as unknown as { proxy: URL };
    expect(
      `${proxy.protocol}//${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? 443 : 80)}`,
    ).toBe(shown);
  });

  it.each([
    ['http://[bad', /is not a URL/],
    ['socks5://proxy.example:1080', /^socks5:\/\/ proxies are not supported/],
  ])('refuses %s as a usage error, without repeating it', async (value, message) => {
    await expect(proxyRoute(value)).rejects.toMatchObject({
      code: 'usage',
      message: expect.stringMatching(message),
    });
    await expect(proxyRoute(value)).rejects.not.toMatchObject({ message: expect.stringContaining('[bad') });
  });
});

describe('transport failures', () => {
  it.each([
    ['SELF_SIGNED_CERT_IN_CHAIN', /is not signed by a CA this machine trusts .*NODE_EXTRA_CA_CERTS/],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', /is not signed by a CA this machine trusts .*NODE_EXTRA_CA_CERTS/],
    ['CERT_HAS_EXPIRED', /has expired; check this machine's clock/],
    ['CERT_NOT_YET_VALID', /is not valid yet; check this machine's clock/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /is for another host name; check --base-url/],
  ])('%s is a certificate failure with advice', (code, message) => {
    const described = describeCertificateFailure(code, 'api.qobra.co');
    expect(described?.failure).toBe('certificate');
    expect(described?.message).toMatch(/^the TLS certificate of api\.qobra\.co /);
    expect(described?.message).toMatch(message);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ERR_GOT_REQUEST_ERROR'])(
    '%s is not a certificate failure',
    (code) => {
      expect(describeCertificateFailure(code, 'api.qobra.co')).toBeUndefined();
    },
  );

  it.each([
    [['ECONNREFUSED', 'connect ECONNREFUSED'], 'network', 'the proxy http://p:3128 refused the connection'],
    [
      ['ENOTFOUND', 'getaddrinfo ENOTFOUND p'],
      'network',
      'the proxy http://p:3128 could not be resolved (host name not found)',
    ],
    [[undefined, 'Bad response: 502'], 'network', 'the proxy http://p:3128 refused the tunnel (HTTP 502)'],
    [[undefined, 'Bad response: 407'], 'proxy_auth', expect.stringMatching(/wants credentials \(HTTP 407\)/)],
    [[undefined, 'Proxy timeout'], 'timeout', 'timed out connecting to the proxy http://p:3128'],
  ] as const)('%j through a proxy: %s', ([code, message], failure, expected) => {
    expect(describeProxyFailure(code, message, 'http://p:3128')).toEqual({ failure, message: expected });
  });

  it('leaves failures past the tunnel to the usual wording', () => {
    expect(describeProxyFailure('ECONNRESET', 'socket hang up', 'http://p:3128')).toBeUndefined();
  });
});
