/** Retry arithmetic shared by the one-shot client and the watcher: backoff with jitter, Retry-After. */

/** Retry-After is obeyed up to this; a server asking for an hour should not park a CI job. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Exponential backoff with "equal jitter": half fixed, half random, so clients spread out but never hammer. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds, capped; undefined when absent or unusable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number,
  capMs = MAX_RETRY_AFTER_MS,
): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  let ms: number;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) ms = Number(text) * 1000;
  else {
    // An HTTP date names a month; without a letter it is no date ("-5" would parse as one in 2001).
    const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(capMs, Math.max(0, Math.round(ms)));
}

/** A Retry-After worth obeying: the wait to make (capped) and the one the server asked for. */
export interface RetryAfterWait {
  waitMs: number;
  askedMs: number;
}

/**
 * What the retry loops obey. A zero, negative, past or unparsable Retry-After is ignored (undefined),
 * so the normal backoff applies: a server that says "now" while failing must not make us hammer it.
 */
export function retryAfterWait(
  value: string | string[] | undefined,
  now: number,
): RetryAfterWait | undefined {
  const askedMs = parseRetryAfter(value, now, Number.POSITIVE_INFINITY);
  if (askedMs === undefined || askedMs <= 0 || !Number.isFinite(askedMs)) return undefined;
  return { waitMs: Math.min(askedMs, MAX_RETRY_AFTER_MS), askedMs };
}
