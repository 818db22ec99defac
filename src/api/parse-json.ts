/**
 * Parses a response keeping rejected rows' numbers exactly as the API wrote them. `JSON.parse` turns
 * `12345678901234567890`, `1.10` and `1e400` into 12345678901234567000, 1.1 and Infinity, and Node 20
 * has neither the reviver's `context.source` nor `JSON.rawJSON` to get the text back. Yet `errors
 * --json/--csv` promise values "exactly as the API sent them, so the file can be fixed and pushed again".
 *
 * So, only inside `data_import.data_tables_details[*].error.parsing_error_details[*].row` (at any
 * depth), a number literal that `JSON.parse` would change becomes an `ExactNumber` holding its text.
 * Every other number (progress, line_number, number_of_records) stays a number, as the model needs.
 *
 * Cost, cheapest first (a body can hold 100,000 rows, ~25 MB, of values nearly always strings):
 * 1. `JSON.parse`, as before; then a walk over the parsed rows: no number in any row, nothing to keep.
 * 2. Rows hold numbers: a regex over the raw text looks for a literal that would not survive
 *    (false positives only cost step 3, never correctness). None: the parsed value is exact already.
 * 3. A linear tokenizer rewrites each lossy literal inside a row into a marker string, the text is
 *    parsed again, and the markers inside rows become ExactNumbers.
 */
import { ExactNumber } from '../values/exact-number.js';

/** Which step `parseJsonKeepingNumbers` ended at (tests check the cheap ones are taken). */
export type ParsePath = 'no-row-numbers' | 'nothing-lossy' | 'rewritten';

export interface ParsedJson {
  value: unknown;
  path: ParsePath;
}

/** JSON.parse (throws the same SyntaxError), keeping rows' lossy number literals as ExactNumbers. */
export function parseJsonKeepingNumbers(text: string): ParsedJson {
  const value: unknown = JSON.parse(text);
  if (!forEachRow(value, holdsNumber)) return { value, path: 'no-row-numbers' };
  if (!hasLossyNumber(text)) return { value, path: 'nothing-lossy' };
  const rewritten = markLossyRowNumbers(text);
  if (rewritten === text) return { value, path: 'nothing-lossy' };
  const marked: unknown = JSON.parse(rewritten);
  forEachRow(marked, (row) => {
    if (typeof row === 'object' && row !== null) restoreMarkers(row);
    return false;
  });
  return { value: marked, path: 'rewritten' };
}

/** Would `JSON.parse` then `JSON.stringify` print this literal differently? (`1.10`, `1E5`, `-0`, 17+ digits…) */
export const isLossy = (literal: string): boolean => String(Number(literal)) !== literal;

/**
 * Any number literal in the text, after `:`, `[` or `,` and before `,`, `]` or `}`, that is lossy?
 * Runs over the whole raw text, strings included: `"a:1.10,b"` is a false positive, which only
 * costs the tokenizer. It cannot miss one: in valid JSON every number value follows `:`, `[` or `,`.
 */
export function hasLossyNumber(text: string): boolean {
  const literal = /[:,[][ \t\n\r]*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=[ \t\n\r]*[,\]}])/g;
  for (let match = literal.exec(text); match; match = literal.exec(text)) {
    if (isLossy(match[1] ?? '')) return true;
  }
  return false;
}

/*
 * Markers. NUL cannot appear raw in JSON text, so a parsed string starting with NUL came from a
 * `\u0000` escape. Inside rows the tokenizer also wraps every such string from the API (the
 * `STRING_MARK` prefix, removed again on restore), so after the rewrite a row string starting
 * with NUL is always one of ours, whatever the API sent.
 */
const NUMBER_MARK = '\u0000qi-number:';
const STRING_MARK = '\u0000qi-string:';
const NUMBER_MARK_JSON = '\\u0000qi-number:';
const STRING_MARK_JSON = '\\u0000qi-string:';

/** Where a value sits on the way down to rows; only rows' contents are ever rewritten. */
const ROOT = 0;
const IMPORT = 1;
const TABLES = 2;
const TABLE = 3;
const ERROR = 4;
const DETAILS = 5;
const DETAIL = 6;
const ROW = 7;
const OTHER = 8;

/** The role of a container opened inside `parent` under `key` (undefined for array elements). */
function childRole(parent: number, key: string | undefined, isArray: boolean): number {
  switch (parent) {
    case ROW:
      return ROW;
    case ROOT:
      return key === 'data_import' && !isArray ? IMPORT : OTHER;
    case IMPORT:
      return key === 'data_tables_details' && isArray ? TABLES : OTHER;
    case TABLES:
      return isArray ? OTHER : TABLE;
    case TABLE:
      return key === 'error' && !isArray ? ERROR : OTHER;
    case ERROR:
      return key === 'parsing_error_details' && isArray ? DETAILS : OTHER;
    case DETAILS:
      return isArray ? OTHER : DETAIL;
    case DETAIL:
      return key === 'row' ? ROW : OTHER;
    default:
      return OTHER;
  }
}

/** Objects whose keys steer the descent (in ROW and OTHER frames keys do not matter). */
const KEYED = new Set([ROOT, IMPORT, TABLE, ERROR, DETAIL]);

const isNumberStart = (c: number): boolean => c === 0x2d || (c >= 0x30 && c <= 0x39);
const isNumberChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x65 || c === 0x45;

/**
 * One linear pass over JSON text that `JSON.parse` accepted: each lossy number literal inside a
 * row becomes the string `"\u0000qi-number:<literal>"`, and each row string starting with `\u0000`
 * gets the `\u0000qi-string:` prefix. A number and a string are both values, so the result is
 * valid JSON of the same shape. Strings are skipped with indexOf, not character by character.
 */
export function markLossyRowNumbers(text: string): string {
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

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (expectKey) {
        expectKey = false;
        if (KEYED.has(role)) {
          const raw = text.slice(i + 1, end);
          key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        }
      } else if (inRow() && text.startsWith('\\u0000', i + 1)) {
        pieces.push(text.slice(copied, i + 1), STRING_MARK_JSON);
        copied = i + 1;
      }
      i = end;
    } else if (isNumberStart(c)) {
      let end = i + 1;
      while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
      const literal = text.slice(i, end);
      if (inRow() && isLossy(literal)) {
        pieces.push(text.slice(copied, i), `"${NUMBER_MARK_JSON}${literal}"`);
        copied = end;
      }
      i = end - 1;
    } else if (c === 0x7b || c === 0x5b) {
      const opensArray = c === 0x5b;
      const next = roles.length === 0 ? (opensArray ? OTHER : ROOT) : childRole(role, key, opensArray);
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

/** Index of the `"` closing the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  throw new SyntaxError('unterminated string');
}

type Detail = Record<string, unknown>;

/**
 * Calls `visit` with each rejected row of a parsed body, following the
 * same path the tokenizer follows; stops and returns true as soon as `visit` does.
 */
function forEachRow(document: unknown, visit: (row: unknown) => boolean): boolean {
  const tables = field(field(document, 'data_import'), 'data_tables_details');
  if (!Array.isArray(tables)) return false;
  for (const table of tables) {
    const details = field(field(table, 'error'), 'parsing_error_details');
    if (!Array.isArray(details)) continue;
    for (const detail of details) {
      if (isObject(detail) && Object.hasOwn(detail, 'row') && visit(detail.row)) return true;
    }
  }
  return false;
}

const isObject = (value: unknown): value is Detail =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value[key]` when value is a (non-array) object that has it: the tokenizer's `{…}` with that key. */
const field = (value: unknown, key: string): unknown =>
  isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;

/** Does a parsed value hold a number anywhere? Rows of strings answer after a typeof per cell. */
function holdsNumber(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsNumber);
  for (const key in value) {
    const cell = (value as Detail)[key];
    if (typeof cell !== 'string' && holdsNumber(cell)) return true;
  }
  return false;
}

/** Markers back to values, in place in objects and arrays; returns what a cell becomes. */
function restoreMarkers(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.charCodeAt(0) !== 0) return value;
    if (value.startsWith(NUMBER_MARK)) return new ExactNumber(value.slice(NUMBER_MARK.length));
    if (value.startsWith(STRING_MARK)) return value.slice(STRING_MARK.length);
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreMarkers(value[i]);
    return value;
  }
  const object = value as Detail;
  for (const key of Object.keys(object)) {
    const cell = object[key];
    const restored = restoreMarkers(cell);
    if (restored !== cell) object[key] = restored;
  }
  return value;
}
