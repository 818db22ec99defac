/** Retry arithmetic shared by the one-shot client and the watcher: backoff with jitter, Retry-After. */

/** Retry-After is obeyed up to this; a server asking for an hour should not park a CI job. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Exponential backoff with "equal jitter": half fixed, half random, so clients spread out but never hammer. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds, capped; undefined when absent or unusable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  let ms: number;
  if (/^\s*\d+(\.\d+)?\s*$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = date - now;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}
