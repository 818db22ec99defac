/**
 * The next step to suggest under each way the API's answer can fail: every failure message ends with
 * one (the hint line), so nobody is left with only "HTTP 404".
 */

/** A base URL without /v1 answers 404 for every id: the id is not always the one to blame. */
export const NOT_FOUND_HINT =
  'check the id, and that --base-url (or QOBRA_BASE_URL) ends in /v1 (without it every id is "not found"); the API key must belong to the Qobra account that owns the import';

/** For 408, 429 and 5xx, shown once the retries are spent. */
export function unavailableHint(status: number): string {
  if (status === 429)
    return 'Qobra is rate-limiting this key: space out scripted calls (`watch` backs off by itself)';
  if (status === 408)
    return 'the API gave up waiting for the request: try again; if it keeps happening, check any proxy in between';
  return "Qobra's API is failing on its side: try again later, or follow the import with `watch`, which keeps retrying for up to five minutes";
}

/** An answer that is not JSON: an HTML page is nearly always a proxy, a captive portal or the wrong host. */
export function notJsonHint(mediaType: string): string {
  return mediaType === 'text/html'
    ? 'a web page answered instead of the API: a proxy or captive portal, or a --base-url that is not the API; check --base-url and HTTPS_PROXY'
    : "check that --base-url (or QOBRA_BASE_URL) points at Qobra's API, e.g. https://api.qobra.co/v1";
}

export const WRONG_SHAPE_HINT =
  "check that --base-url points at Qobra's API; if it does, Qobra may have changed what it sends (please report it)";
