/**
 * Import ids read from stdin (`-` as the id list), so `… | jq -r .import_id | qobra-imports watch -`
 * works. The read is capped and ends on Ctrl-C, like the key's: a pipe that never closes cannot hang
 * the command beyond the user's patience, and a runaway producer cannot fill memory.
 */
import { addAbortSignal, type Readable } from 'node:stream';
import { QiError, usageError } from '../errors.js';

/** 1 MiB: thousands of ids of the longest possible length. */
export const ID_LIST_MAX_BYTES = 1024 * 1024;

/** The whitespace-separated words read from the stream (one per line, or several a line); none is a usage error. */
export async function readIdList(stream: Readable, signal?: AbortSignal): Promise<string[]> {
  if (signal) addAbortSignal(signal, stream);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > ID_LIST_MAX_BYTES) {
        throw usageError(`the import ids on stdin are longer than ${ID_LIST_MAX_BYTES / 1024 / 1024} MiB`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof QiError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read import ids from stdin: ${code ?? String(error)}`);
  }
  const ids = Buffer.concat(chunks).toString('utf8').split(/\s+/u).filter(Boolean);
  if (ids.length === 0)
    throw usageError('no import ids on stdin (`-` reads them, one per line or separated by spaces)');
  return ids;
}
