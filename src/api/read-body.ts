/**
 * A 200 response's body, read as it arrives: bytes → text → the body scanner, whose rejected rows go
 * to a spool (memory, then a temporary file) and whose skeleton stays in memory. What is held is the
 * skeleton and one chunk, whatever the body's size. The document is assembled from this afterwards
 * (import-document.ts).
 */
import { StringDecoder } from 'node:string_decoder';
import { Spool, type SpoolMark } from '../util/spool.js';
import { createBodyScanner, SkeletonTooLargeError } from './body-scanner.js';
import { spooledLine } from './spooled-rows.js';

/**
 * Text outside the rejected rows (the import, its tables, their titles and descriptions) is held in
 * memory to be parsed as a whole: past this many UTF-16 code units the body is refused.
 */
export const MAX_SKELETON_CHARS = 64 * 2 ** 20;

/** One `parsing_error_details` array of the body: its table, where its rows start and how many. */
export interface RowsArray {
  table: number;
  /** Offset in the skeleton just after the array's `[`, where its rows were cut out. */
  skeletonOffset: number;
  start: SpoolMark;
  count: number;
}

export interface ScannedBody {
  skeleton: string;
  rowProblem: string | undefined;
  /** False when the body ended inside a value (cut short): not valid JSON. */
  complete: boolean;
  rows: RowsArray[];
  spool: Spool;
  /** Bytes received. */
  bytes: number;
}

export { SkeletonTooLargeError };

export interface BodyReader {
  write(chunk: Buffer | string): void;
  end(): ScannedBody;
}

export function createBodyReader(maxSkeletonChars = MAX_SKELETON_CHARS): BodyReader {
  const spool = new Spool();
  const rows: RowsArray[] = [];
  let bytes = 0;
  const decoder = new StringDecoder('utf8');
  const scanner = createBodyScanner(
    {
      detailsStart(table, skeletonOffset) {
        rows.push({ table, skeletonOffset, start: spool.mark(), count: 0 });
      },
      detail(text, lossy, verbatim) {
        spool.append(spooledLine(text, lossy, verbatim));
      },
      detailsEnd(_table, count) {
        const last = rows.at(-1);
        if (last) last.count = count;
      },
    },
    maxSkeletonChars,
  );
  return {
    write(chunk) {
      if (typeof chunk === 'string') {
        bytes += Buffer.byteLength(chunk);
        scanner.write(chunk);
        return;
      }
      bytes += chunk.length;
      scanner.write(decoder.write(chunk));
    },
    end() {
      const tail = decoder.end();
      if (tail) scanner.write(tail);
      const result = scanner.end();
      return { ...result, rows, spool, bytes };
    },
  };
}

/** A whole body already in hand, read the same way. */
export function scanBodyText(text: string): ScannedBody {
  const reader = createBodyReader();
  reader.write(text);
  return reader.end();
}
