/**
 * The one escape applied to every server-supplied string before it reaches a terminal: C0/C1
 * controls, DEL, line separators and bidi overrides become visible `\u001b`-style text, so a
 * cell cannot move the cursor, recolour the screen, hide text or reorder what is displayed.
 */
import { stringifyExact } from '../values/exact-number.js';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEST = new RegExp(UNSAFE.source);

const escapeChar = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

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
