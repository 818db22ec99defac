/**
 * Defence in depth for the CLI's own diagnostics, nothing else. The key is only ever put in the
 * request header, so no message is built with it; should a bug put it in an error's words anyway,
 * the error is masked before it is printed. Results on stdout and server text shown as data (row
 * values, titles, descriptions) are never filtered: they are written exactly as the server sent them.
 */
import type { FetchedImport, ImportsApi } from '../api/client.js';
import { QiError } from '../errors.js';

/**
 * Shorter strings are left alone: no real key is that short, and masking "test" or "2024" would
 * rewrite ids, table keys and dates in the very messages meant to help.
 */
export const MIN_MASKED_LENGTH = 8;

/** `text` with every occurrence of `key` replaced by `***`. */
export function maskKey(text: string, key: string | undefined): string {
  if (!key || key.length < MIN_MASKED_LENGTH || !text.includes(key)) return text;
  return text.split(key).join('***');
}

/** The same error, its words (message, hint, retry reason) masked; the error itself when nothing held the key. */
export function maskKeyInError(error: QiError, key: string | undefined): QiError {
  const { hint, reason } = error.extra;
  const masked = [error.message, hint, reason].map((text) =>
    text === undefined ? text : maskKey(text, key),
  );
  if (masked[0] === error.message && masked[1] === hint && masked[2] === reason) return error;
  return new QiError(error.code, masked[0] ?? '', {
    ...error.extra,
    ...(masked[1] === undefined ? {} : { hint: masked[1] }),
    ...(masked[2] === undefined ? {} : { reason: masked[2] }),
    exitCode: error.exitCode,
  });
}

/** The API, with every QiError it throws masked: those are the failures commands print. Data passes untouched. */
export function keyMaskingApi(api: ImportsApi, key: string): ImportsApi {
  const masked = async (lookup: Promise<FetchedImport>): Promise<FetchedImport> => {
    try {
      return await lookup;
    } catch (error) {
      throw error instanceof QiError ? maskKeyInError(error, key) : error;
    }
  };
  return {
    fetchImport: (id, signal) => masked(api.fetchImport(id, signal)),
    fetchImportOnce: (id, signal) => masked(api.fetchImportOnce(id, signal)),
  };
}
