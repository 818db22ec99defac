// Which proxy, if any, a request goes through, from HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
import { describe, expect, it } from 'vitest';
import { proxyForUrl } from '../../src/api/proxy.js';

describe('proxyForUrl', () => {
  const api = new URL('https://api.qobra.co/v1');
  const plain = new URL('http://127.0.0.1:4010/v1');

  it('connects directly when no proxy is set', () => {
    expect(proxyForUrl(api, {})).toBeUndefined();
  });

  it('uses HTTPS_PROXY for https and HTTP_PROXY for http', () => {
    const env = { HTTPS_PROXY: 'http://secure:3128', HTTP_PROXY: 'http://plain:3128' };
    expect(proxyForUrl(api, env)).toBe('http://secure:3128');
    expect(proxyForUrl(plain, env)).toBe('http://plain:3128');
  });

  it('does not use HTTP_PROXY for an https URL', () => {
    expect(proxyForUrl(api, { HTTP_PROXY: 'http://plain:3128' })).toBeUndefined();
  });

  it('prefers the lower-case variables', () => {
    expect(proxyForUrl(api, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })).toBe(
      'http://lower:1',
    );
    expect(proxyForUrl(plain, { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' })).toBe(
      'http://lower:1',
    );
    expect(
      proxyForUrl(api, { HTTPS_PROXY: 'http://p:1', no_proxy: 'qobra.co', NO_PROXY: 'other.test' }),
    ).toBeUndefined();
    expect(
      proxyForUrl(api, { HTTPS_PROXY: 'http://p:1', no_proxy: 'other.test', NO_PROXY: 'qobra.co' }),
    ).toBe('http://p:1');
  });

  it.each([
    ['an exact host', 'api.qobra.co'],
    ['a domain suffix', 'qobra.co'],
    ['a leading-dot suffix', '.qobra.co'],
    ['a wildcard suffix', '*.qobra.co'],
    ['a list with spaces', 'localhost, example.com ,qobra.co'],
    ['an upper-case entry', 'API.QOBRA.CO'],
    ['a matching port', 'api.qobra.co:443'],
    ['everything', '*'],
  ])('NO_PROXY with %s bypasses the proxy', (_why, noProxy) => {
    expect(proxyForUrl(api, { HTTPS_PROXY: 'http://p:3128', NO_PROXY: noProxy })).toBeUndefined();
  });

  it.each([
    ['another domain', 'example.com'],
    ['a look-alike suffix', 'bra.co'],
    ['a longer host', 'v2.api.qobra.co'],
    ['another port', 'api.qobra.co:8443'],
    ['an empty list', ''],
  ])('NO_PROXY with %s keeps the proxy', (_why, noProxy) => {
    expect(proxyForUrl(api, { HTTPS_PROXY: 'http://p:3128', NO_PROXY: noProxy })).toBe('http://p:3128');
  });

  it('matches NO_PROXY ports against the default port of the scheme', () => {
    const env = { HTTP_PROXY: 'http://p:3128' };
    expect(
      proxyForUrl(new URL('http://local.test/v1'), { ...env, NO_PROXY: 'local.test:80' }),
    ).toBeUndefined();
    expect(proxyForUrl(plain, { ...env, NO_PROXY: '127.0.0.1:4010' })).toBeUndefined();
    expect(proxyForUrl(plain, { ...env, NO_PROXY: '127.0.0.1:80' })).toBe('http://p:3128');
  });

  it('bypasses the proxy for IPv6 loopback listed in the usual NO_PROXY', () => {
    const env = { HTTP_PROXY: 'http://p:3128', NO_PROXY: 'localhost,127.0.0.1,::1' };
    expect(proxyForUrl(new URL('http://localhost:4010/v1'), env)).toBeUndefined();
    expect(proxyForUrl(new URL('http://[::1]:4010/v1'), env)).toBeUndefined();
    expect(proxyForUrl(new URL('http://[::1]:4010/v1'), { ...env, NO_PROXY: '[::1]' })).toBeUndefined();
    expect(proxyForUrl(new URL('http://[::1]:4010/v1'), { ...env, NO_PROXY: '[::1]:4010' })).toBeUndefined();
  });
});
