/**
 * The poller: one import, one request at a time, as an async generator of events. It owns the
 * cadence (a starting interval, backoff with jitter while nothing changes, a reset on any change),
 * the retry policy for transient failures (backoff, Retry-After, give up after five minutes of
 * failures in a row) and the deadline. It never prints and never decides an exit code: the
 * command turns its events into output. Clock, sleep, randomness and abort are injected.
 */

import { createHash } from 'node:crypto';
import type { FetchedImport } from '../api/client.js';
import { QiError } from '../errors.js';
import { formatDuration } from '../format/time.js';
import { isFinished } from '../model/outcome.js';
import { MAX_TIMER_MS } from '../util/timers.js';
import { GIVE_UP_AFTER_MS, MAX_INTERVAL_MS, pollDelay, retryDelay, UNANSWERED_ATTEMPTS } from './cadence.js';

export interface PollOptions {
  /** The starting cadence (`--interval`), used again as soon as anything changes. */
  intervalMs: number;
  maxIntervalMs?: number;
  giveUpAfterMs?: number;
  /** Absolute time (on `now()`'s clock) at which the watch stops with a timeout event. */
  deadline?: number;
  /** Failures in a row after which a poller that never got an answer gives up (default UNANSWERED_ATTEMPTS). */
  unansweredAttempts?: number;
}

export interface PollRuntime {
  /** One attempt, no retries of its own (the poller owns retries, so they never stack). */
  fetch(id: string, signal: AbortSignal): Promise<FetchedImport>;
  now(): number;
  /** Rejects with `signal.reason` when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  /** Aborting it stops the poller at once: it throws `signal.reason`. */
  signal: AbortSignal;
}

export interface SnapshotEvent {
  type: 'snapshot';
  id: string;
  at: number;
  fetched: FetchedImport;
  /** The import's document differs from the previous look-up (always true for the first). */
  changed: boolean;
  finished: boolean;
  /** The wait before the next look-up; absent once finished. */
  nextPollInMs?: number;
  /** Set when this answer ends a run of failures: how long they lasted. */
  recoveredAfterMs?: number;
}

export interface RetryEvent {
  type: 'retry';
  id: string;
  at: number;
  error: QiError;
  /** Failures in a row so far, this one included. */
  attempt: number;
  delayMs: number;
  /** The wait was set by the server's Retry-After. */
  retryAfter: boolean;
  /** With `retryAfter`: the server asked for longer than the cap, which set the wait. */
  retryAfterAskedMs?: number;
  failingForMs: number;
  giveUpAfterMs: number;
  /** Set while the API has never answered: the watch then gives up after this many attempts, as status does. */
  unansweredAttempts?: number;
}

/** The watch of this import is over: not found, refused, bad response, or unavailable for too long. */
export interface FailedEvent {
  type: 'failed';
  id: string;
  at: number;
  error: QiError;
}

export interface TimeoutEvent {
  type: 'timeout';
  id: string;
  at: number;
}

export type PollEvent = SnapshotEvent | RetryEvent | FailedEvent | TimeoutEvent;

/** Bodies up to this many UTF-16 code units are their own fingerprint; longer ones are hashed. */
const FINGERPRINT_TEXT_MAX = 2 ** 20;

/**
 * What counts as "the import changed": anything in its body but whitespace (key order is the
 * server's, and stable). A usual body is its own fingerprint, compared as text; a big one (rows by the
 * thousand) is digested piece by piece, so it is never one string.
 */
export function importFingerprint(fetched: FetchedImport): string {
  const pieces: string[] = [];
  let size = 0;
  for (const piece of fetched.raw.pieces()) {
    pieces.push(piece);
    size += piece.length;
    if (size > FINGERPRINT_TEXT_MAX) return digest(fetched);
  }
  return `=${pieces.join('')}`;
}

function digest(fetched: FetchedImport): string {
  const hash = createHash('sha1');
  for (const piece of fetched.raw.pieces()) hash.update(piece);
  return `#${hash.digest('base64')}`;
}

export async function* pollImport(
  id: string,
  options: PollOptions,
  runtime: PollRuntime,
): AsyncGenerator<PollEvent, void, undefined> {
  const { intervalMs, deadline } = options;
  const maxIntervalMs = options.maxIntervalMs ?? MAX_INTERVAL_MS;
  const giveUpAfterMs = options.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
  let lastFingerprint: string | undefined;
  let unchangedPolls = 0;
  let failingSince: number | undefined;
  let failures = 0;
  const unansweredAttempts = options.unansweredAttempts ?? UNANSWERED_ATTEMPTS;
  // Any HTTP answer (even a 503) shows the API is there; until then a failure is most likely ours.
  let answered = false;
  let lastFailure: QiError | undefined;

  // Never sleep past the deadline: the watch must end when it says it will.
  const pause = (ms: number) =>
    runtime.sleep(
      deadline === undefined ? ms : Math.min(ms, Math.max(0, deadline - runtime.now())),
      runtime.signal,
    );

  for (;;) {
    if (runtime.signal.aborted) throw runtime.signal.reason;
    if (deadline !== undefined && runtime.now() >= deadline) {
      yield neverReached(id, runtime.now(), lastFailure, answered, failures);
      return;
    }
    const guard = deadlineGuard(
      runtime.signal,
      deadline === undefined ? undefined : deadline - runtime.now(),
    );
    let fetched: FetchedImport;
    try {
      fetched = await runtime.fetch(id, guard.signal);
    } catch (error) {
      if (runtime.signal.aborted) throw runtime.signal.reason;
      if (guard.expired()) {
        yield neverReached(id, runtime.now(), lastFailure, answered, failures);
        return;
      }
      if (!(error instanceof QiError)) throw error;
      const at = runtime.now();
      // A Retry-After can only come from an HTTP answer, even when the error does not carry its status.
      if (error.extra.status !== undefined || error.extra.retryAfterMs !== undefined) answered = true;
      lastFailure = error;
      if (!error.extra.transient) {
        yield { type: 'failed', id, at, error };
        return;
      }
      failingSince ??= at;
      failures++;
      const failingForMs = at - failingSince;
      if (failingForMs >= giveUpAfterMs || (!answered && failures >= unansweredAttempts)) {
        yield {
          type: 'failed',
          id,
          at,
          error: givenUp(error, answered ? failingForMs : undefined, failures),
        };
        return;
      }
      const { retryAfterMs, retryAfterAskedMs } = error.extra;
      const delayMs = retryDelay(
        failures,
        intervalMs,
        maxIntervalMs,
        runtime.random,
        retryAfterMs,
        giveUpAfterMs - failingForMs,
      );
      // Only credited to the server when its Retry-After, not our own backoff, set the wait.
      const retryAfter = retryAfterMs !== undefined && delayMs === retryAfterMs;
      yield {
        type: 'retry',
        id,
        at,
        error,
        attempt: failures,
        delayMs,
        retryAfter,
        ...(retryAfter && retryAfterAskedMs !== undefined ? { retryAfterAskedMs } : {}),
        failingForMs,
        giveUpAfterMs,
        ...(answered ? {} : { unansweredAttempts }),
      };
      await pause(delayMs);
      continue;
    } finally {
      guard.dispose();
    }

    const at = runtime.now();
    answered = true;
    const recoveredAfterMs = failingSince === undefined ? undefined : at - failingSince;
    failingSince = undefined;
    failures = 0;
    const fingerprint = importFingerprint(fetched);
    const changed = fingerprint !== lastFingerprint;
    lastFingerprint = fingerprint;
    unchangedPolls = changed ? 0 : unchangedPolls + 1;
    const finished = isFinished(fetched.document.data_import);
    const snapshot: SnapshotEvent = { type: 'snapshot', id, at, fetched, changed, finished };
    if (recoveredAfterMs !== undefined) snapshot.recoveredAfterMs = recoveredAfterMs;
    if (finished) {
      yield snapshot;
      return;
    }
    snapshot.nextPollInMs = pollDelay(intervalMs, unchangedPolls, maxIntervalMs, runtime.random);
    yield snapshot;
    await pause(snapshot.nextPollInMs);
  }
}

/**
 * The deadline came. Had the API never answered, nothing is known of the import: the failure to reach
 * it is the outcome (5), not "still running" (124).
 */
function neverReached(
  id: string,
  at: number,
  lastFailure: QiError | undefined,
  answered: boolean,
  failures: number,
): TimeoutEvent | FailedEvent {
  if (answered || !lastFailure) return { type: 'timeout', id, at };
  return { type: 'failed', id, at, error: givenUp(lastFailure, undefined, failures) };
}

function givenUp(error: QiError, failingForMs: number | undefined, attempts: number): QiError {
  const { importId, status, reason, hint } = error.extra;
  const how =
    failingForMs === undefined
      ? `the API never answered (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'})`
      : `every attempt failed for ${formatDuration(failingForMs)} (${attempts} attempts)`;
  return new QiError('unavailable', `${error.message}; ${how}, giving up`, {
    ...(importId === undefined ? {} : { importId }),
    ...(status === undefined ? {} : { status }),
    ...(reason === undefined ? {} : { reason }),
    ...(hint === undefined ? {} : { hint }),
  });
}

/**
 * A request still hanging when the deadline comes is cut off. This one guard uses a real timer
 * (unref'd, cleared after each request): an injected clock cannot interrupt a socket.
 */
function deadlineGuard(
  parent: AbortSignal,
  ms: number | undefined,
): { signal: AbortSignal; expired(): boolean; dispose(): void } {
  // setTimeout cannot wait longer than ~24.8 days (it would fire at once): no guard for such deadlines.
  if (ms === undefined || ms > MAX_TIMER_MS) return { signal: parent, expired: () => false, dispose() {} };
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new QiError('timeout', 'the watch ran out of time')),
    Math.max(0, ms),
  );
  timer.unref();
  return {
    // Ctrl-C or the deadline, whichever comes first, with its own reason.
    signal: AbortSignal.any([parent, deadline.signal]),
    expired: () => deadline.signal.aborted,
    dispose() {
      clearTimeout(timer);
    },
  };
}
