/**
 * A 200's body, scanned as it arrived (read-body.ts), → the fetched import, or the typed error that
 * says what was wrong with it: not JSON, a wrong shape (with the field's path), fields outside the
 * rows too large to hold, or a spool that could not be written. Server text never goes into a message.
 */
import { QiError } from '../errors.js';
import { systemErrorWords } from '../util/system-error.js';
import type { FetchedImport } from './client.js';
import { notJsonHint, WRONG_SHAPE_HINT } from './failure-hints.js';
import type { HttpResponse } from './http.js';
import { assembleDocument } from './import-document.js';
import { type ScannedBody, SkeletonTooLargeError, scanBodyText } from './read-body.js';

export function scanText(id: string, body: string): ScannedBody {
  try {
    return scanBodyText(body);
  } catch (error) {
    if (error instanceof SkeletonTooLargeError) throw skeletonTooLarge(id);
    throw error;
  }
}

export function spoolFailure(id: string, error: Error): QiError {
  return new QiError(
    'io',
    `fetching import ${id}: cannot keep its rejected rows in a temporary file: ${systemErrorWords(error)}`,
    { importId: id, hint: 'free some space where TMPDIR points (or point TMPDIR elsewhere)' },
  );
}

export function skeletonTooLarge(id: string): QiError {
  return new QiError(
    'bad_response',
    `fetching import ${id}: the response's fields outside the rejected rows are larger than 64 MiB`,
    { importId: id },
  );
}

export function documentOf(id: string, response: HttpResponse, scanned: ScannedBody): FetchedImport {
  const result = assembleDocument(id, scanned);
  if (result.ok)
    return { id, raw: result.raw, document: result.document, release: () => scanned.spool.close() };
  scanned.spool.close();
  if (result.problem === 'shape') {
    throw new QiError('bad_response', `fetching import ${id}: unexpected response shape at ${result.path}`, {
      importId: id,
      hint: WRONG_SHAPE_HINT,
    });
  }
  // The media type is the only server text worth repeating, and only when it looks like one.
  const declared =
    String(response.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim() ?? '';
  const type = /^[\w.+-]+\/[\w.+-]+$/.test(declared) ? declared : 'no usable content-type';
  throw new QiError(
    'bad_response',
    `fetching import ${id}: the response is not valid JSON (${type}, ${scanned.bytes} bytes)`,
    { importId: id, hint: notJsonHint(type) },
  );
}
