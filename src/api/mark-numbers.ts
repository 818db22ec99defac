/**
 * The exact-numbers path for a rejected row that holds a number literal JSON.parse would alter (the
 * body scanner marks those rows, see spooled-rows.ts): one linear pass over its JSON text rewrites
 * each such literal, inside the row or as its line number, into a marker string; after JSON.parse of
 * the result, the markers become ExactNumbers again. It also works on a whole body, from its root.
 *
 * Markers. NUL cannot appear raw in JSON text, so a parsed string starting with NUL came from a
 * `\u0000` escape. Where markers go the tokenizer also wraps every such string from the API (the
 * `STRING_MARK` prefix, removed again on restore), so after the rewrite a string there starting
 * with NUL is always one of ours, whatever the API sent.
 */
import { ExactNumber } from '../values/exact-number.js';
import { childRole, DETAIL, KEYED, OTHER, ROOT, ROW, stringEnd } from './body-roles.js';
import { isLossy, lineNumberNeedsText } from './number-literals.js';

const NUMBER_MARK = '\u0000qi-number:';
const STRING_MARK = '\u0000qi-string:';
const NUMBER_MARK_JSON = '\\u0000qi-number:';
const STRING_MARK_JSON = '\\u0000qi-string:';

const isNumberStart = (c: number): boolean => c === 0x2d || (c >= 0x30 && c <= 0x39);
const isNumberChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x65 || c === 0x45;

/**
 * One linear pass over JSON text that `JSON.parse` accepted: each lossy number literal inside a row
 * (or a line number that needs its text) becomes the string `"\u0000qi-number:<literal>"`, and each
 * string there starting with `\u0000` gets the `\u0000qi-string:` prefix. A number and a string are
 * both values, so the result is valid JSON of the same shape. Strings are skipped with indexOf, not
 * character by character; nesting is tracked on an explicit stack, so any depth is fine.
 */
export function markLossyRowNumbers(text: string): string {
  return markLossyNumbers(text, ROOT);
}

/** The same for one rejected row's entry (`{"line_number":…,"row":{…},"details":…}`) on its own. */
export function markLossyDetailNumbers(text: string): string {
  return markLossyNumbers(text, DETAIL);
}

function markLossyNumbers(text: string, topRole: number): string {
  const roles: number[] = [];
  const arrays: boolean[] = [];
  let role = OTHER; // of the innermost open container
  let isArray = false;
  let expectKey = false;
  let key: string | undefined;
  const pieces: string[] = [];
  let copied = 0;
  // Inside the row's object (or deeper): a bare `"row": 1.10` is not a row, and the schema says so.
  const inRow = (): boolean => role === ROW;
  const atLineNumber = (): boolean => role === DETAIL && key === 'line_number';

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (end === -1) throw new SyntaxError('unterminated string');
      if (expectKey) {
        expectKey = false;
        if (KEYED[role]) {
          const raw = text.slice(i + 1, end);
          key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        }
      } else if ((inRow() || atLineNumber()) && text.startsWith('\\u0000', i + 1)) {
        pieces.push(text.slice(copied, i + 1), STRING_MARK_JSON);
        copied = i + 1;
      }
      i = end;
    } else if (isNumberStart(c)) {
      let end = i + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const literal = text.slice(i, end);
      if ((inRow() && isLossy(literal)) || (atLineNumber() && lineNumberNeedsText(literal))) {
        pieces.push(text.slice(copied, i), `"${NUMBER_MARK_JSON}${literal}"`);
        copied = end;
      }
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) {
      const opensArray = c === 0x5b;
      const next = roles.length === 0 ? (opensArray ? OTHER : topRole) : childRole(role, key, opensArray);
      roles.push(role);
      arrays.push(isArray);
      role = next;
      isArray = opensArray;
      expectKey = !opensArray;
      key = undefined;
    } else if (c === 0x7d || c === 0x5d) {
      role = roles.pop() ?? OTHER;
      isArray = arrays.pop() ?? false;
      // A value just ended: a `,` or a closing bracket comes next, never a key.
      expectKey = false;
      key = undefined;
    } else if (c === 0x2c) {
      expectKey = !isArray;
      key = undefined;
    }
    // `:`, whitespace, true, false, null: nothing to track.
  }
  if (pieces.length === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join('');
}

/** A parsed marker string back to what the API sent; any other string as it is. */
function restoreString(value: string): unknown {
  if (value.charCodeAt(0) !== 0) return value;
  if (value.startsWith(NUMBER_MARK)) return new ExactNumber(value.slice(NUMBER_MARK.length));
  if (value.startsWith(STRING_MARK)) return value.slice(STRING_MARK.length);
  return value;
}

/**
 * Markers back to values, in place in objects and arrays (any depth: an explicit stack, not
 * recursion); returns what `value` itself becomes.
 */
export function restoreMarkers(value: unknown): unknown {
  if (typeof value === 'string') return restoreString(value);
  if (typeof value !== 'object' || value === null) return value;
  const pending: object[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const container = next as Record<string, unknown>;
    const keys = Array.isArray(next) ? next.keys() : Object.keys(next);
    for (const key of keys) {
      const cell = container[key];
      if (typeof cell === 'string') {
        if (cell.charCodeAt(0) === 0) container[key] = restoreString(cell);
      } else if (typeof cell === 'object' && cell !== null) pending.push(cell);
    }
  }
  return value;
}
