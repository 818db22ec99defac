/**
 * Reads what the user pipes in (a key, a list of ids) to the end, capped and abortable: a producer
 * that never stops cannot fill memory, and one that never closes cannot outlast a Ctrl-C.
 */
import { addAbortSignal, type Readable } from 'node:stream';
import { QiError } from '../errors.js';

export interface CappedRead {
  maxBytes: number;
  signal?: AbortSignal | undefined;
  /** The error for input over `maxBytes`. */
  tooLong(): QiError;
  /** The error for a stream that failed to read. */
  unreadable(error: unknown): QiError;
}

/** The stream's whole text (UTF-8); rejects with the signal's reason once it aborts. */
export async function readCapped(stream: Readable, read: CappedRead): Promise<string> {
  const { signal } = read;
  if (signal) addAbortSignal(signal, stream);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > read.maxBytes) throw read.tooLong();
      chunks.push(buffer);
    }
  } catch (error) {
    // Leaving the loop early (cap, abort) has already destroyed the stream: a device stops there.
    if (signal?.aborted) throw signal.reason;
    if (error instanceof QiError) throw error;
    throw read.unreadable(error);
  }
  return Buffer.concat(chunks).toString('utf8');
}
