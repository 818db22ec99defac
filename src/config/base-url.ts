import { usageError } from '../errors.js';
import type { Env } from '../util/env.js';

export const DEFAULT_BASE_URL = 'https://api.qobra.co/v1';

/**
 * `--base-url` > `QOBRA_BASE_URL` > Qobra's production API; always http(s), never a trailing slash.
 * Plain http is refused for any host but this machine unless `allowInsecureHttp` (the flag) or
 * QOBRA_ALLOW_INSECURE_HTTP=1 says the user accepts sending the key in clear.
 */
export function resolveBaseUrl(flag: string | undefined, env: Env, allowInsecureHttp = false): string {
  const fromEnv = env.QOBRA_BASE_URL?.trim();
  const [value, source] =
    flag !== undefined
      ? [flag, '--base-url']
      : fromEnv
        ? [fromEnv, 'QOBRA_BASE_URL']
        : [DEFAULT_BASE_URL, 'default'];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${source} is not a URL: ${JSON.stringify(value)}`, 'e.g. https://api.qobra.co/v1');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(`${source} must be an http or https URL, not ${url.protocol}`);
  }
  if (url.username || url.password) throw usageError(`${source} must not contain credentials`);
  if (url.search || url.hash) throw usageError(`${source} must not contain a query or fragment`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp && !insecureByEnv(env)) {
    throw usageError(
      `${source} is plain http to ${url.hostname}: the API key would travel in clear over the network; use https, or pass --allow-insecure-http (or set QOBRA_ALLOW_INSECURE_HTTP=1) to accept that`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

const insecureByEnv = (env: Env): boolean =>
  ['1', 'true'].includes(env.QOBRA_ALLOW_INSECURE_HTTP?.trim().toLowerCase() ?? '');

/**
 * This machine: `localhost`, 127.0.0.0/8 and ::1 (also written as ::ffff:127.x.y.z). The URL parser
 * has already normalised the host (`0x7f.1` is 127.0.0.1, `[0:0::1]` is [::1], names are lower-case).
 */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '');
  return (
    host === 'localhost' ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '[::1]' ||
    /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host)
  );
}
