/**
 * Reads an import's JSON body as it arrives, in one linear pass, without building it: the rejected
 * rows (each `parsing_error_details` element) are cut out as text and handed on one at a time, and
 * everything else, the "skeleton" (the import, its data tables, their errors' titles), is kept as
 * text with those arrays left empty, small enough to parse and validate as a whole at the end.
 *
 * On the way it checks what the schema checks of a row (an object; `line_number` a number, `row` an
 * object, `details` a string, or null), so a wrong shape is found with the path of the field before
 * anything is written, and it notes rows holding a number literal `JSON.parse` would alter
 * (number-literals.ts), so only those pay for exact numbers when read back.
 *
 * Strings are skipped with indexOf rather than character by character; nesting is tracked on an
 * explicit stack, so any depth is fine. A token cut by a chunk boundary is carried to the next chunk.
 */
import { isLossy } from './number-literals.js';

/** Where a value sits on the way down to the rows (only these containers' keys matter). */
const ROOT = 0;
const IMPORT = 1;
const TABLES = 2;
const TABLE = 3;
const ERROR = 4;
const DETAILS = 5;
const DETAIL = 6;
const INSIDE_ROW = 7;
const OTHER = 8;

const KEYED = [true, true, false, true, true, false, true, false, false];

function childRole(parent: number, key: string | undefined, isArray: boolean): number {
  switch (parent) {
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
      return isArray ? INSIDE_ROW : DETAIL;
    case DETAIL:
    case INSIDE_ROW:
      return INSIDE_ROW;
    default:
      return OTHER;
  }
}

export interface ScanEvents {
  /**
   * A `parsing_error_details` array opened, in data table number `table` (0-based); its rows were cut
   * out of the skeleton at `skeletonOffset` (just after its `[`).
   */
  detailsStart(table: number, skeletonOffset: number): void;
  /** One rejected row's JSON text (no line breaks in it); `lossy` when a number in it needs its text. */
  detail(text: string, lossy: boolean): void;
  /** That array closed, after `count` rows. */
  detailsEnd(table: number, count: number): void;
}

export interface ScanResult {
  /** The body with every rows array emptied: JSON text to parse and validate. */
  skeleton: string;
  /** The first row whose shape is wrong, as "path: expected …"; undefined when every row is fine. */
  rowProblem: string | undefined;
  /** False when the text ended inside a value (a cut body): it is not valid JSON. */
  complete: boolean;
}

export class SkeletonTooLargeError extends Error {}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isNumberChar = (c: number): boolean =>
  isDigit(c) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x65 || c === 0x45;

/** A detail field's value must start like this (or be null). */
const EXPECTED: Record<string, { first: number; words: string }> = {
  line_number: { first: -1, words: 'expected number' },
  row: { first: 0x7b, words: 'expected object' },
  details: { first: 0x22, words: 'expected string' },
};

export function createBodyScanner(events: ScanEvents, maxSkeletonChars = Number.POSITIVE_INFINITY) {
  const roles: number[] = [];
  const arrays: boolean[] = [];
  let role = OTHER;
  let isArray = false;
  let expectKey = false;
  let key: string | undefined;
  /** The detail field whose value comes next (set after its key), to check how the value starts. */
  let checkField: string | undefined;

  const skeleton: string[] = [];
  let skeletonChars = 0;
  let inDetails = false;
  let table = -1;
  let detailIndex = 0;
  /** Pieces of the current row cut by chunk boundaries; undefined between rows. */
  let rowPieces: string[] | undefined;
  let rowOpen = false;
  let rowLossy = false;
  /** Where to resume looking for the end of a string the last chunk cut (no rescanning a long one). */
  let resumeString = 0;
  let rowProblem: string | undefined;
  let carry = '';
  let started = false;

  const keep = (piece: string): void => {
    if (piece.length === 0) return;
    skeletonChars += piece.length;
    if (skeletonChars > maxSkeletonChars) throw new SkeletonTooLargeError();
    skeleton.push(piece);
  };

  const problem = (suffix: string): void => {
    rowProblem ??= `data_import.data_tables_details[${table}].error.parsing_error_details[${detailIndex}]${suffix}`;
  };

  /** Scans `text`; returns the index of a token it could not finish (text.length when none). */
  function scan(text: string, final: boolean): number {
    // Skeleton text is copied from `copied`; a row's text from `rowStart` (when a row is open).
    let copied = 0;
    let rowStart = 0;
    const newlines = text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1;
    const endRow = (end: number): void => {
      let row = text.slice(rowStart, end);
      if (rowPieces) {
        rowPieces.push(row);
        row = rowPieces.join('');
        rowPieces = undefined;
      }
      rowOpen = false;
      // A line break in JSON text outside a string is only whitespace: the spool is line-framed.
      if (newlines || row.indexOf('\n') !== -1) row = row.replace(/[\r\n]/g, ' ');
      events.detail(row, rowLossy);
      detailIndex++;
    };
    const cut = (at: number): number => {
      if (!inDetails) keep(text.slice(copied, at));
      else if (rowOpen) {
        rowPieces ??= [];
        rowPieces.push(text.slice(rowStart, at));
      }
      return at;
    };

    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        const end = stringEnd(text, i, i === 0 ? resumeString : 0);
        if (end === -1) {
          resumeString = Math.max(0, text.length - i - 1);
          return cut(i);
        }
        resumeString = 0;
        if (checkField !== undefined) checkValue(c);
        if (expectKey) {
          expectKey = false;
          if (KEYED[role]) {
            const raw = text.slice(i + 1, end);
            key = raw.indexOf('\\') === -1 ? raw : (JSON.parse(`"${raw}"`) as string);
            if (role === DETAIL && Object.hasOwn(EXPECTED, key)) checkField = key;
          }
        } else if (role === DETAILS) {
          // A row that is a string: wrong shape, and not a row to hand on.
          problem(': expected object');
        }
        i = end;
      } else if (c === 0x2d || isDigit(c)) {
        let end = i + 1;
        let plain = c !== 0x2d;
        while (end < text.length && isNumberChar(text.charCodeAt(end))) {
          if (!isDigit(text.charCodeAt(end))) plain = false;
          end++;
        }
        if (end === text.length && !final) return cut(i);
        if (checkField !== undefined) checkValue(c);
        if (role === DETAILS) problem(': expected object');
        else if (inDetails && !rowLossy) {
          // Short plain integers print back as sent; only the rest need the (slower) exact check.
          const length = end - i;
          if (!plain || length > 15 || (c === 0x30 && length > 1)) rowLossy = isLossy(text.slice(i, end));
        }
        i = end - 1;
      } else if (c === 0x7b || c === 0x5b) {
        if (checkField !== undefined) checkValue(c);
        const opensArray = c === 0x5b;
        const next = roles.length === 0 ? (opensArray ? OTHER : ROOT) : childRole(role, key, opensArray);
        if (role === DETAILS) {
          if (opensArray) problem(': expected object');
          rowStart = i;
          rowOpen = true;
          rowLossy = false;
        }
        roles.push(role);
        arrays.push(isArray);
        role = next;
        isArray = opensArray;
        expectKey = !opensArray;
        key = undefined;
        if (role === DETAILS) {
          keep(text.slice(copied, i + 1));
          inDetails = true;
          detailIndex = 0;
          events.detailsStart(table, skeletonChars);
        } else if (role === TABLE) table++;
      } else if (c === 0x7d || c === 0x5d) {
        const closing = role;
        role = roles.pop() ?? OTHER;
        isArray = arrays.pop() ?? false;
        expectKey = false;
        key = undefined;
        checkField = undefined;
        if (closing === DETAILS) {
          inDetails = false;
          copied = i;
          events.detailsEnd(table, detailIndex);
        } else if (role === DETAILS) endRow(i + 1);
      } else if (c === 0x2c) {
        expectKey = !isArray;
        key = undefined;
        checkField = undefined;
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        // true, false, null: a whole word, or carried to the next chunk.
        let end = i + 1;
        while (end < text.length && text.charCodeAt(end) >= 0x61 && text.charCodeAt(end) <= 0x7a) end++;
        if (end === text.length && !final) return cut(i);
        if (checkField !== undefined) checkValue(c);
        if (role === DETAILS) problem(': expected object');
        i = end - 1;
      }
      // `:`, whitespace and anything else (which the skeleton's parse or a row's read rejects): skipped.
    }
    return cut(text.length);
  }

  /** The value of line_number, row or details starts with `c`: is it what the schema allows? */
  function checkValue(c: number): void {
    const field = checkField as string;
    checkField = undefined;
    if (c === 0x6e) return; // null
    const expected = EXPECTED[field];
    if (!expected) return;
    const fine = expected.first === -1 ? c === 0x2d || isDigit(c) : c === expected.first;
    if (!fine) problem(`.${field}: ${expected.words}`);
  }

  return {
    /** The next piece of the body, decoded. */
    write(chunk: string): void {
      let text = carry + chunk;
      if (!started && text.length > 0) {
        started = true;
        // A UTF-8 byte order mark says how the text is encoded and is not part of the JSON (RFC 8259, 8.1).
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      const stop = scan(text, false);
      carry = text.slice(stop);
    },
    end(): ScanResult {
      const text = carry;
      carry = '';
      const stop = scan(text, true);
      const complete = stop === text.length && roles.length === 0 && !rowOpen;
      if (stop < text.length) keep(text.slice(stop));
      return { skeleton: skeleton.join(''), rowProblem, complete };
    },
  };
}

/** Index of the `"` closing the string that opens at `start`, or -1 when the text ends first. */
function stringEnd(text: string, start: number, resume: number): number {
  let end = text.indexOf('"', Math.max(start + 1, resume));
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}
