/**
 * The one escape applied to every server-supplied string before it reaches a terminal: C0/C1
 * controls and DEL (category Cc), line and paragraph separators, and every invisible format
 * character (category Cf: bidi overrides and isolates, zero-width spaces and joiners, U+2060, the
 * BOM, tag characters…) become visible `\u001b`-style text, so a cell cannot move the cursor,
 * recolour the screen, reorder what is displayed, or hide a difference ("finished" and
 * "fini\u200bshed" look the same otherwise).
 */
import { stringifyExact } from '../values/exact-number.js';

const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const UNSAFE_TEST = new RegExp(UNSAFE.source, 'u');

// Per UTF-16 unit: a tag character (U+E0041) becomes \udb40\udc41, which JSON reads back as the same character.
const escapeChar = (char: string): string =>
  Array.from(
    { length: char.length },
    (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`,
  ).join('');

export function sanitize(text: string): string {
  return UNSAFE_TEST.test(text) ? text.replace(UNSAFE, escapeChar) : text;
}

/**
 * Any value shown in a table cell: strings sanitized, everything else as compact JSON, with an
 * ExactNumber (a row number JSON.parse would round) shown as the literal the API sent.
 */
export function sanitizeValue(value: unknown): string {
  if (typeof value === 'string') return sanitize(value);
  if (value === undefined) return '';
  return sanitize(stringifyExact(value) ?? String(value));
}

/**
 * For exports (JSON, CSV) shown on a terminal: the same characters as `\uXXXX` escapes. Inside a JSON
 * string this is still valid JSON that parses to the same data (raw C0 cannot occur in valid JSON text).
 */
export const escapeForTerminal = sanitize;
