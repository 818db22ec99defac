// Plain http carries the key in clear: it goes only to this machine unless the user opts in.
import { describe, expect, it } from 'vitest';
import { isLoopback, resolveBaseUrl } from '../../src/config/base-url.js';
import { QiError } from '../../src/errors.js';

describe('plain http: only to this machine, unless asked', () => {
  it.each([
    'http://localhost:4010/v1',
    'http://LOCALHOST./v1',
    'http://127.0.0.1:4010/v1',
    'http://127.255.255.254/v1',
    'http://0x7f.1/v1',
    'http://[::1]:4010/v1',
    'http://[0:0::1]/v1',
    'http://[::ffff:127.0.0.1]/v1',
  ])('allows %s', (url) => {
    expect(resolveBaseUrl(url, {})).toBe(new URL(url).toString());
    expect(isLoopback(new URL(url).hostname)).toBe(true);
  });

  it.each([
    'http://api.qobra.co/v1',
    'http://10.0.0.1/v1',
    'http://128.0.0.1/v1',
    'http://[::2]/v1',
    'http://localhost.evil.test/v1',
    'http://127.0.0.1.nip.io/v1',
  ])('refuses %s with a usage error saying why, and accepts it when asked', (url) => {
    let error: unknown;
    try {
      resolveBaseUrl(url, {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(QiError);
    expect(error).toMatchObject({ code: 'usage', exitCode: 2 });
    const message = (error as QiError).message;
    expect(message).toMatch(/^--base-url is plain http to \S+: the API key would travel in clear/);
    expect(message).toContain('--allow-insecure-http');
    expect(message).not.toContain('\n');
    expect(resolveBaseUrl(url, {}, true)).toBe(url);
    expect(resolveBaseUrl(undefined, { QOBRA_BASE_URL: url, QOBRA_ALLOW_INSECURE_HTTP: '1' })).toBe(url);
    expect(resolveBaseUrl(undefined, { QOBRA_BASE_URL: url, QOBRA_ALLOW_INSECURE_HTTP: 'true' })).toBe(url);
    expect(() => resolveBaseUrl(undefined, { QOBRA_BASE_URL: url, QOBRA_ALLOW_INSECURE_HTTP: '0' })).toThrow(
      /QOBRA_BASE_URL is plain http/,
    );
  });

  it('https is never affected', () => {
    expect(resolveBaseUrl('https://10.0.0.1/v1', {})).toBe('https://10.0.0.1/v1');
  });
});
