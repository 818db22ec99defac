import { usageError } from '../errors.js';
import type { Env } from '../util/env.js';

export const DEFAULT_BASE_URL = 'https://api.qobra.co/v1';

/** `--base-url` > `QOBRA_BASE_URL` > Qobra's production API; always http(s), never a trailing slash. */
export function resolveBaseUrl(flag: string | undefined, env: Env): string {
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
  return url.toString().replace(/\/+$/, '');
}
