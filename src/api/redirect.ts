/**
 * Where a redirect pointed, for the message that says it was not followed (following it could carry
 * the key to another host). Only the scheme and host are named, and only in a form the URL parser
 * produced and this checks, so the server cannot put text of its own into the message.
 */
import { QiError } from '../errors.js';
import type { HttpResponse } from './http.js';

/** The failure for a 3xx that names where it pointed; undefined when it names nothing (e.g. a 304). */
export function redirectError(id: string, response: HttpResponse): QiError | undefined {
  const target = describeRedirectTarget(response.headers.location, response.url);
  if (!target) return undefined;
  return new QiError(
    'bad_response',
    `fetching import ${id}: the API redirected the request to ${target} (HTTP ${response.status}); redirects are not followed, since one could carry the API key to another host`,
    {
      importId: id,
      status: response.status,
      hint: 'check --base-url (or QOBRA_BASE_URL): the API is not expected to redirect',
    },
  );
}

/** "https://other.example:8443", or words for a target that cannot be named; undefined without one. */
export function describeRedirectTarget(
  location: string | string[] | undefined,
  requestUrl: string | undefined,
): string | undefined {
  const raw = Array.isArray(location) ? location[0] : location;
  if (!raw?.trim()) return undefined;
  let target: URL;
  try {
    // Relative to the URL asked for, as a browser would; without one, a relative target stays here.
    target = new URL(raw, requestUrl ?? 'http://the-same-host.invalid');
  } catch {
    return 'an address that is not a URL';
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return 'an address that is not http(s)';
  if (!requestUrl && target.hostname === 'the-same-host.invalid') return 'another path on the same host';
  // The parser has lower-cased the host and turned non-ASCII names into punycode; anything else is refused.
  const plain = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
  if (target.host.length > 260 || !plain.test(target.host)) return 'a host that cannot be shown';
  return `${target.protocol}//${target.host}`;
}
