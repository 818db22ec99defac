/**
 * Several pollers side by side: their events as one stream, in the order they happen. Each source
 * is pulled again as soon as it yields, so one import's look-ups never wait for another's output.
 */
export async function* mergeAsync<T>(
  sources: readonly AsyncIterable<T>[],
): AsyncGenerator<T, void, undefined> {
  const iterators = sources.map((source) => source[Symbol.asyncIterator]());
  const pending = new Map<number, Promise<{ index: number; result: IteratorResult<T> }>>();
  const pull = (index: number) => {
    const iterator = iterators[index];
    if (iterator)
      pending.set(
        index,
        iterator.next().then((result) => ({ index, result })),
      );
  };
  for (let index = 0; index < iterators.length; index++) pull(index);
  try {
    while (pending.size > 0) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      pull(index);
      yield result.value;
    }
  } finally {
    // Sources still running are stopped by the caller's abort signal (calling return() on a generator
    // that is mid-await would wait for it); their coming rejections are expected, not "unhandled".
    for (const promise of pending.values()) promise.catch(() => {});
  }
}
