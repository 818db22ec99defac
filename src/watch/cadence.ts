/**
 * The watch's cadence as arithmetic: how long to wait after an answer (the starting interval after a
 * change, then longer while nothing changes) and after a failure (backoff, Retry-After, give-up mark).
 */
import { backoffDelay } from '../api/retry.js';

/** `--interval` when not given: the starting wait between two looks at an import. */
export const DEFAULT_INTERVAL_MS = 2_000;
/** While nothing changes the interval grows towards this (or the starting interval, if larger). */
export const MAX_INTERVAL_MS = 30_000;
/** Each unchanged look-up stretches the next wait by this factor. */
export const BACKOFF_FACTOR = 1.5;
/** Waits after an unchanged look-up are shortened by up to this fraction, at random. */
export const JITTER = 0.2;
/** Transient failures are retried until every attempt has failed for this long. */
export const GIVE_UP_AFTER_MS = 5 * 60_000;
/**
 * Until the API has answered once, a failure to reach it is given up after as many attempts as
 * `status` makes: a wrong base URL or no network is no outage worth five minutes of patience.
 */
export const UNANSWERED_ATTEMPTS = 4;
/** The shortest wait between two looks at one import (`--interval` accepts 0.1 s and up). */
export const MIN_INTERVAL_MS = 100;
/** Retries never come faster than this, however short `--interval` is. */
const MIN_RETRY_BASE_MS = 1_000;

/** The wait after a look-up: the starting interval after a change, then longer each time, jittered, capped. */
export function pollDelay(
  intervalMs: number,
  unchangedPolls: number,
  maxIntervalMs: number,
  random: () => number,
): number {
  // A floor whatever the caller passes: a zero interval would poll in a tight loop.
  intervalMs = Math.max(MIN_INTERVAL_MS, intervalMs);
  if (unchangedPolls <= 0) return intervalMs;
  const cap = Math.max(maxIntervalMs, intervalMs);
  const ceiling = Math.min(cap, intervalMs * BACKOFF_FACTOR ** unchangedPolls);
  return Math.round(ceiling * (1 - JITTER * random()));
}

/**
 * The wait after a transient failure: exponential backoff with jitter, never sooner than the
 * server's Retry-After, and bounded so that one last attempt lands right at the give-up mark.
 */
export function retryDelay(
  attempt: number,
  intervalMs: number,
  maxIntervalMs: number,
  random: () => number,
  retryAfterMs?: number,
  untilGiveUpMs = Number.POSITIVE_INFINITY,
): number {
  const base = Math.max(intervalMs, MIN_RETRY_BASE_MS);
  const backoff = Math.min(
    backoffDelay(attempt, base, Math.max(maxIntervalMs, base), random),
    Math.max(0, untilGiveUpMs),
  );
  return retryAfterMs === undefined ? backoff : Math.max(retryAfterMs, backoff);
}
