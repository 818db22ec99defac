/**
 * Streaming many lines to an output: written in chunks (few syscalls, memory bounded), each write
 * awaited so back-pressure bites, with a turn of the event loop in between so Ctrl-C gets through.
 */
import type { Output } from '../deps.js';
import { letSignalsIn } from '../util/signal-turn.js';

/** A write per this many lines (or characters): few syscalls, yet back-pressure still bites. */
const CHUNK_LINES = 512;
const CHUNK_CHARS = 128 * 1024;

/** How many more rows may be written, shared by every import (--limit counts across them all). */
export interface Budget {
  remaining: number;
}

/** Yields at most `budget.remaining` items, spending the budget as it goes. */
export function* take<T>(items: Iterable<T>, budget: Budget): Generator<T> {
  if (budget.remaining <= 0) return;
  for (const item of items) {
    budget.remaining--;
    yield item;
    if (budget.remaining <= 0) return;
  }
}

/** Writes lines in chunks joined once: no string the size of the whole output, and each write awaited. */
export async function writeLines<T>(
  out: Output,
  items: Iterable<T>,
  render: (item: T) => string,
  signal?: AbortSignal,
): Promise<void> {
  let chunk: string[] = [];
  let size = 0;
  for (const item of items) {
    const line = render(item);
    chunk.push(line);
    size += line.length;
    if (chunk.length >= CHUNK_LINES || size >= CHUNK_CHARS) {
      await out.write(chunk.join(''));
      await interruptionPoint(signal);
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) await out.write(chunk.join(''));
}

/**
 * Lets Ctrl-C in between two chunks. Writes to a pipe are synchronous on Linux, so without turns
 * of the event loop the signal handler would only run once all 100,000 rows were out.
 */
export async function interruptionPoint(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await letSignalsIn();
  if (signal.aborted) throw signal.reason;
}
