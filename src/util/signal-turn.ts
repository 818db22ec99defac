/**
 * Lets a signal that arrived during synchronous work (rendering, a blocking write to a terminal or a
 * pipe) reach its handler. Node runs signal handlers from the event loop's poll phase; a single
 * setImmediate can run before that phase comes round again, the second one cannot.
 */
export async function letSignalsIn(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}
