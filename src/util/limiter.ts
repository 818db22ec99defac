/**
 * A counting semaphore: at most `limit` tasks run at once, the others wait their turn, first come
 * first served. One limiter shared by every caller is one cap, whoever the callers are.
 */

export interface Limiter {
  /**
   * Runs `task` once a slot is free, and frees the slot when it settles. If `signal` aborts while
   * the task is still waiting, the task never starts and the promise rejects with the signal's reason.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Tasks running now. */
  readonly active: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

interface Waiter {
  signal: AbortSignal | undefined;
  start(): void;
  cancel(reason: unknown): void;
}

export function createLimiter(limit: number): Limiter {
  if (!(limit >= 1)) throw new RangeError(`a limiter needs at least one slot, not ${limit}`);
  let active = 0;
  const queue: Waiter[] = [];
  // One abort listener per signal, not one per waiter: a thousand look-ups sharing Ctrl-C's signal
  // would otherwise trip Node's "possible EventTarget memory leak" warning on stderr.
  const bySignal = new Map<AbortSignal, { waiters: Set<Waiter>; onAbort(): void }>();

  const follow = (waiter: Waiter, signal: AbortSignal): void => {
    let group = bySignal.get(signal);
    if (!group) {
      const waiters = new Set<Waiter>();
      const onAbort = () => {
        bySignal.delete(signal);
        for (const each of waiters) {
          queue.splice(queue.indexOf(each), 1);
          each.cancel(signal.reason);
        }
      };
      group = { waiters, onAbort };
      bySignal.set(signal, group);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    group.waiters.add(waiter);
  };

  const unfollow = (waiter: Waiter): void => {
    const group = waiter.signal && bySignal.get(waiter.signal);
    if (!waiter.signal || !group) return;
    group.waiters.delete(waiter);
    if (group.waiters.size > 0) return;
    bySignal.delete(waiter.signal);
    waiter.signal.removeEventListener('abort', group.onAbort);
  };

  // A finished task hands its slot straight to the next waiter, so no newcomer can slip in between.
  const release = (): void => {
    const next = queue.shift();
    if (next) next.start();
    else active--;
  };

  const turn = (signal: AbortSignal | undefined): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        start() {
          unfollow(waiter);
          resolve();
        },
        cancel: reject,
      };
      queue.push(waiter);
      if (signal) follow(waiter, signal);
    });

  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) throw signal.reason;
      if (active < limit) active++;
      else await turn(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
