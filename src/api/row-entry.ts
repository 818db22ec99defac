/**
 * What the body scanner checks of a rejected row's entry (`{"line_number":…,"row":…,"details":…}`):
 * how each field's value may start (the schema's rule), and when the entry's text can be copied to
 * `errors --json` as it is.
 */
import { isDigit } from './number-literals.js';

/**
 * An escape JSON.stringify would not write itself. It writes `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
 * `\t`, and `\u00xx` (lower-case) for the other control characters only. An escape starts at a
 * backslash after an even number of backslashes (the others are the second half of a `\\`).
 */
export const NON_CANONICAL_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\(?!["\\bfnrt]|u00(?:0[0-7bef]|1[0-9a-f]))/;

/**
 * A row is written as received only when its entry has exactly these keys in this order (the
 * documented shape, and the order of the `errors --json` line they end), no whitespace between
 * tokens, only escapes JSON.stringify writes itself (see NON_CANONICAL_ESCAPE) and no key inside
 * the row that starts with a digit (JSON.parse would move integer keys first).
 */
export const VERBATIM_KEYS = ['line_number', 'row', 'details'];

/** Fields of a row's entry that the schema checks, and the verbatim order (VERBATIM_KEYS). */
export const NO_FIELD = 0;
const LINE_NUMBER = 1;
const ROW = 2;
const DETAILS_FIELD = 3;
export const FIELD_NAMES = ['', 'line_number', 'row', 'details'];
export const FIELD_WORDS = ['', 'expected number', 'expected object', 'expected string'];

const fieldOf = (key: string): number => {
  const index = FIELD_NAMES.indexOf(key);
  return index > 0 ? index : NO_FIELD;
};

/** Does a value starting with `c` fit the field? null always does. */
export function fits(field: number, c: number): boolean {
  if (c === 0x6e) return true;
  if (field === LINE_NUMBER) return c === 0x2d || isDigit(c);
  if (field === ROW) return c === 0x7b;
  if (field === DETAILS_FIELD) return c === 0x22;
  return true;
}

/** Which checked field the key in text[from, to) names (escapes decoded first, if any). */
export function detailField(text: string, from: number, to: number): number {
  const length = to - from;
  if (length === 11 && text.startsWith('line_number', from)) return LINE_NUMBER;
  if (length === 3 && text.startsWith('row', from)) return ROW;
  if (length === 7 && text.startsWith('details', from)) return DETAILS_FIELD;
  const raw = text.slice(from, to);
  return raw.indexOf('\\') === -1 ? NO_FIELD : fieldOf(JSON.parse(`"${raw}"`) as string);
}
