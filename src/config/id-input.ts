/**
 * Import ids read from stdin (`-` as the id list), so `… | jq -r .import_id | qobra-imports watch -`
 * works. The read is capped and ends on Ctrl-C, like the key's: a pipe that never closes cannot hang
 * the command beyond the user's patience, and a runaway producer cannot fill memory.
 */
import type { Readable } from 'node:stream';
import { usageError } from '../errors.js';
import { readCapped } from './read-capped.js';

/** 1 MiB: thousands of ids of the longest possible length. */
export const ID_LIST_MAX_BYTES = 1024 * 1024;

/** The whitespace-separated words read from the stream (one per line, or several a line); none is a usage error. */
export async function readIdList(stream: Readable, signal?: AbortSignal): Promise<string[]> {
  const text = await readCapped(stream, {
    maxBytes: ID_LIST_MAX_BYTES,
    signal,
    tooLong: () =>
      usageError(`the import ids on stdin are longer than ${ID_LIST_MAX_BYTES / 1024 / 1024} MiB`),
    unreadable: (error) =>
      usageError(
        `cannot read import ids from stdin: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      ),
  });
  const ids = text.split(/\s+/u).filter(Boolean);
  if (ids.length === 0)
    throw usageError('no import ids on stdin (`-` reads them, one per line or separated by spaces)');
  return ids;
}
