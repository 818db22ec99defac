/** Bounded concurrency for look-ups: every command shares one cap on requests in flight. */

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
export function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R>[] {
  const results: Promise<R>[] = [];
  let running = 0;
  const waiting: (() => void)[] = [];
  for (const item of items) {
    results.push(
      (async () => {
        if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
        running++;
        try {
          return await task(item);
        } finally {
          running--;
          waiting.shift()?.();
        }
      })(),
    );
  }
  // Callers await results in order; mark rejections as handled so a late one is not "unhandled".
  for (const result of results) result.catch(() => {});
  return results;
}
