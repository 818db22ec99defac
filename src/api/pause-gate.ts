/**
 * One politeness for a whole run: when the API says "slow down" (a 429, or a Retry-After) to any
 * look-up, every request of the run waits until that pause is over, not only the one that was told.
 * Otherwise 16 requests in flight would keep hammering a server that has just asked for less.
 */

export interface PauseClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface PauseGate {
  /** Resolves once no pause is in force: at once when there is none. Rejects if `signal` aborts. */
  wait(signal?: AbortSignal): Promise<void>;
  /** Holds every request for `ms` from now; a pause already in force that ends later is kept. */
  pauseFor(ms: number): void;
  /** When the pause in force ends (a time of `now()`), or 0 when none has been asked for. */
  readonly until: number;
}

export function createPauseGate(clock: PauseClock): PauseGate {
  let until = 0;
  return {
    get until() {
      return until;
    },
    pauseFor(ms: number) {
      if (!(ms > 0)) return;
      until = Math.max(until, clock.now() + ms);
    },
    async wait(signal?: AbortSignal) {
      if (signal?.aborted) throw signal.reason;
      // A loop, not one sleep: another answer may lengthen the pause while this caller waits.
      for (let left = until - clock.now(); left > 0; left = until - clock.now()) {
        await clock.sleep(left, signal);
      }
    },
  };
}

/**
 * How long a failed answer pauses everyone: the server's Retry-After when it gave one (any status),
 * `bareMs` for a 429 without one, nothing otherwise (a 503 alone is one import's bad luck).
 */
export function slowDownMs(answer: { retryAfterMs?: number; status?: number }, bareMs: number): number {
  if (answer.retryAfterMs !== undefined) return answer.retryAfterMs;
  return answer.status === 429 ? bareMs : 0;
}
