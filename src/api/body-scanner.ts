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
  /**
   * One rejected row's JSON text (no line breaks in it); `lossy` when a number in it needs its text;
   * `verbatim` when the text is exactly what `JSON.stringify` would write of the documented shape
   * (see VERBATIM_KEYS), so it can be written out as it is.
   */
  detail(text: string, lossy: boolean, verbatim: boolean): void;
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

/**
 * An escape JSON.stringify would not write itself. It writes `\"`, `\\`, `\b`, `\f`, `\n`, `\r`,
 * `\t`, and `\u00xx` (lower-case) for the other control characters only. An escape starts at a
 * backslash after an even number of backslashes (the others are the second half of a `\\`).
 */
const NON_CANONICAL_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\(?!["\\bfnrt]|u00(?:0[0-7bef]|1[0-9a-f]))/;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isNumberChar = (c: number): boolean =>
  isDigit(c) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x65 || c === 0x45;

/**
 * A row is written as received only when its entry has exactly these keys in this order (the
 * documented shape, and the order of the `errors --json` line they end), no whitespace between
 * tokens, no backslash anywhere (so every string is as JSON.stringify writes it) and no key inside
 * the row that starts with a digit (JSON.parse would move integer keys first).
 */
const VERBATIM_KEYS = ['line_number', 'row', 'details'];

/** Fields of a row's entry that the schema checks, and the verbatim order (VERBATIM_KEYS). */
const NO_FIELD = 0;
const LINE_NUMBER = 1;
const ROW = 2;
const DETAILS_FIELD = 3;
const FIELD_NAMES = ['', 'line_number', 'row', 'details'];
const FIELD_WORDS = ['', 'expected number', 'expected object', 'expected string'];

const fieldOf = (key: string): number => {
  const index = FIELD_NAMES.indexOf(key);
  return index > 0 ? index : NO_FIELD;
};

/** Does a value starting with `c` fit the field? null always does. */
function fits(field: number, c: number): boolean {
  if (c === 0x6e) return true;
  if (field === LINE_NUMBER) return c === 0x2d || isDigit(c);
  if (field === ROW) return c === 0x7b;
  if (field === DETAILS_FIELD) return c === 0x22;
  return true;
}

/** Is any character of text[from, to) a digit other than 0? */
function nonZeroFrom(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (text.charCodeAt(at) !== 0x30) return true;
  return false;
}

/** What `numberEnd` found: a short integer, a literal that may need its text, one that does, or no number. */
const PLAIN_NUMBER = 0;
const MAYBE_LOSSY_NUMBER = 1;
const LOSSY_NUMBER = 2;
const BAD_NUMBER = 3;
/** Set by `numberEnd` beside the index it returns (two results, no allocation on the hot path). */
let numberShape = PLAIN_NUMBER;

/**
 * The end of the number literal at `start`, by JSON's grammar (-? int frac? exp?), with its shape in
 * `numberShape`: a row's literal kept as text never meets JSON.parse, so its grammar is checked here,
 * and its shape says whether it needs its text (a short integer never does, a fraction ending in 0
 * always does). Every read is bounds-checked: charCodeAt past the end deoptimises the caller's loop.
 */
function numberEnd(text: string, start: number, length: number): number {
  const negative = text.charCodeAt(start) === 0x2d;
  let end = negative ? start + 1 : start;
  let bad = false;
  const first = end < length ? text.charCodeAt(end) : -1;
  if (first === 0x30) end++;
  else if (isDigit(first)) {
    end++;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
  } else bad = true;
  const intDigits = end - start - (negative ? 1 : 0);
  let fraction = false;
  let exponent = false;
  let trailingZero = false;
  if (!bad && end < length && text.charCodeAt(end) === 0x2e) {
    fraction = true;
    const digitsFrom = ++end;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
    if (end === digitsFrom) bad = true;
    else trailingZero = text.charCodeAt(end - 1) === 0x30;
  }
  if (!bad && end < length && (text.charCodeAt(end) | 0x20) === 0x65) {
    exponent = true;
    end++;
    const sign = end < length ? text.charCodeAt(end) : -1;
    if (sign === 0x2b || sign === 0x2d) end++;
    const digitsFrom = end;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
    if (end === digitsFrom) bad = true;
  }
  // Number characters right after belong to the same token, which is then not a number: `01`, `1.2.3`.
  while (end < length && isNumberChar(text.charCodeAt(end))) {
    end++;
    bad = true;
  }
  if (bad) numberShape = BAD_NUMBER;
  else if (fraction && trailingZero && !exponent) numberShape = LOSSY_NUMBER;
  // An integer of 22 digits or more prints in exponent form, and one of 17 or more with a digit other
  // than 0 past the 17th has more digits than a double keeps: neither ever prints as sent.
  else if (
    !fraction &&
    !exponent &&
    intDigits >= 17 &&
    (intDigits >= 22 || nonZeroFrom(text, end - intDigits + 17, end))
  )
    numberShape = LOSSY_NUMBER;
  else if (fraction || exponent || intDigits > 15 || (negative && first === 0x30))
    numberShape = MAYBE_LOSSY_NUMBER;
  else numberShape = PLAIN_NUMBER;
  return end;
}

export interface BodyScanner {
  /** The next piece of the body, decoded. */
  write(chunk: string): void;
  end(): ScanResult;
}

export function createBodyScanner(
  events: ScanEvents,
  maxSkeletonChars = Number.POSITIVE_INFINITY,
): BodyScanner {
  return new Scanner(events, maxSkeletonChars);
}

/**
 * The scanner's state lives in fields between chunks and in locals within one (the loop below runs
 * for every character outside a string, and locals are what the JIT keeps in registers).
 */
class Scanner implements BodyScanner {
  readonly #roles: number[] = [];
  readonly #arrays: boolean[] = [];
  #role = OTHER;
  #isArray = false;
  #expectKey = false;
  #key: string | undefined;
  /** The row field whose value comes next (set after its key), to check how the value starts. */
  #checkField = NO_FIELD;
  readonly #skeleton: string[] = [];
  #skeletonChars = 0;
  #inDetails = false;
  #table = -1;
  #detailIndex = 0;
  /** Pieces of the current row cut by chunk boundaries; undefined between rows. */
  #rowPieces: string[] | undefined;
  #rowOpen = false;
  #rowLossy = false;
  /** The row's entry is verbatim so far; `#verbatimKeys` of VERBATIM_KEYS were seen, in order. */
  #rowVerbatim = false;
  #verbatimKeys = 0;
  /** Whitespace was seen between the row's tokens (a line break needs replacing, maybe). */
  #rowSpaced = false;
  /** Where to resume looking for the end of a string the last chunk cut (no rescanning a long one). */
  #resumeString = 0;
  #rowProblem: string | undefined;
  /** A number literal in a row broke JSON's grammar (`01`, `1.`, `-`): the body is not JSON. */
  #invalid = false;
  #carry = '';
  #started = false;

  constructor(
    private readonly events: ScanEvents,
    private readonly maxSkeletonChars: number,
  ) {}

  write(chunk: string): void {
    let text = this.#carry + chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      // A UTF-8 byte order mark says how the text is encoded and is not part of the JSON (RFC 8259, 8.1).
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const stop = this.#scan(text, false);
    this.#carry = text.slice(stop);
  }

  end(): ScanResult {
    const text = this.#carry;
    this.#carry = '';
    const stop = this.#scan(text, true);
    const complete = stop === text.length && this.#roles.length === 0 && !this.#rowOpen && !this.#invalid;
    if (stop < text.length) this.#keep(text.slice(stop));
    return { skeleton: this.#skeleton.join(''), rowProblem: this.#rowProblem, complete };
  }

  #keep(piece: string): void {
    if (piece.length === 0) return;
    this.#skeletonChars += piece.length;
    if (this.#skeletonChars > this.maxSkeletonChars) throw new SkeletonTooLargeError();
    this.#skeleton.push(piece);
  }

  #problem(suffix: string): void {
    this.#rowProblem ??= `data_import.data_tables_details[${this.#table}].error.parsing_error_details[${this.#detailIndex}]${suffix}`;
  }

  /** Scans `text`; returns the index of a token it could not finish (text.length when none). */
  #scan(text: string, final: boolean): number {
    const roles = this.#roles;
    const arrays = this.#arrays;
    let role = this.#role;
    let isArray = this.#isArray;
    let expectKey = this.#expectKey;
    let key = this.#key;
    let checkField = this.#checkField;
    let inDetails = this.#inDetails;
    let rowOpen = this.#rowOpen;
    let rowLossy = this.#rowLossy;
    let rowVerbatim = this.#rowVerbatim;
    let verbatimKeys = this.#verbatimKeys;
    let rowSpaced = this.#rowSpaced;
    // Skeleton text is copied from `copied`; a row's text from `rowStart` (when a row is open).
    let copied = 0;
    let rowStart = 0;
    let stop = text.length;
    const length = text.length;

    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        const end = stringEnd(text, i, i === 0 ? this.#resumeString : 0);
        if (end === -1) {
          this.#resumeString = Math.max(0, length - i - 1);
          stop = i;
          break;
        }
        this.#resumeString = 0;
        if (checkField !== NO_FIELD) {
          if (!fits(checkField, c)) this.#problem(`.${FIELD_NAMES[checkField]}: ${FIELD_WORDS[checkField]}`);
          checkField = NO_FIELD;
        }
        if (expectKey) {
          expectKey = false;
          if (role === DETAIL) {
            // A row's own keys: compared in place, decoded only when escaped (never, in practice).
            const field = detailField(text, i + 1, end);
            checkField = field;
            if (field !== NO_FIELD && field === verbatimKeys + 1) verbatimKeys++;
            else rowVerbatim = false;
          } else if (role === INSIDE_ROW) {
            if (isDigit(text.charCodeAt(i + 1))) rowVerbatim = false;
          } else if (KEYED[role]) {
            const raw = text.slice(i + 1, end);
            key = raw.indexOf('\\') === -1 ? raw : (JSON.parse(`"${raw}"`) as string);
          }
        } else if (role === DETAILS) {
          // A row that is a string: wrong shape, and not a row to hand on.
          this.#problem(': expected object');
        }
        i = end;
      } else if (c === 0x2d || isDigit(c)) {
        const end = numberEnd(text, i, length);
        const shape = numberShape;
        if (end === length && !final) {
          stop = i;
          break;
        }
        if (checkField !== NO_FIELD) {
          if (!fits(checkField, c)) this.#problem(`.${FIELD_NAMES[checkField]}: ${FIELD_WORDS[checkField]}`);
          checkField = NO_FIELD;
        }
        if (role === DETAILS) this.#problem(': expected object');
        else if (rowOpen) {
          if (shape === BAD_NUMBER) this.#invalid = true;
          else if (!rowLossy && shape !== PLAIN_NUMBER)
            rowLossy = shape === LOSSY_NUMBER || isLossy(text.slice(i, end));
        }
        i = end - 1;
      } else if (c === 0x7b || c === 0x5b) {
        if (checkField !== NO_FIELD) {
          if (!fits(checkField, c)) this.#problem(`.${FIELD_NAMES[checkField]}: ${FIELD_WORDS[checkField]}`);
          checkField = NO_FIELD;
        }
        const opensArray = c === 0x5b;
        const next = roles.length === 0 ? (opensArray ? OTHER : ROOT) : childRole(role, key, opensArray);
        if (role === DETAILS) {
          if (opensArray) this.#problem(': expected object');
          rowStart = i;
          rowOpen = true;
          rowLossy = false;
          rowVerbatim = !opensArray;
          rowSpaced = false;
          verbatimKeys = 0;
        }
        roles.push(role);
        arrays.push(isArray);
        role = next;
        isArray = opensArray;
        expectKey = !opensArray;
        key = undefined;
        if (role === DETAILS) {
          this.#keep(text.slice(copied, i + 1));
          inDetails = true;
          this.#detailIndex = 0;
          this.events.detailsStart(this.#table, this.#skeletonChars);
        } else if (role === TABLE) this.#table++;
      } else if (c === 0x7d || c === 0x5d) {
        const closing = role;
        role = roles.pop() ?? OTHER;
        isArray = arrays.pop() ?? false;
        expectKey = false;
        key = undefined;
        checkField = NO_FIELD;
        if (closing === DETAILS) {
          inDetails = false;
          copied = i;
          this.events.detailsEnd(this.#table, this.#detailIndex);
        } else if (role === DETAILS) {
          rowOpen = false;
          const verbatim = rowVerbatim && verbatimKeys === VERBATIM_KEYS.length;
          this.#endRow(text.slice(rowStart, i + 1), rowLossy, verbatim, rowSpaced);
        }
      } else if (c === 0x2c) {
        expectKey = !isArray;
        key = undefined;
        checkField = NO_FIELD;
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        // true, false, null: a whole word, or carried to the next chunk.
        let end = i + 1;
        while (end < length && text.charCodeAt(end) >= 0x61 && text.charCodeAt(end) <= 0x7a) end++;
        if (end === length && !final) {
          stop = i;
          break;
        }
        if (checkField !== NO_FIELD) {
          if (!fits(checkField, c)) this.#problem(`.${FIELD_NAMES[checkField]}: ${FIELD_WORDS[checkField]}`);
          checkField = NO_FIELD;
        }
        if (role === DETAILS) this.#problem(': expected object');
        i = end - 1;
      } else if (c !== 0x3a && rowOpen) {
        // Whitespace (or worse) between a row's tokens: not verbatim, and maybe a line break.
        rowVerbatim = false;
        rowSpaced = true;
      }
      // `:`, whitespace and anything else (which the skeleton's parse or a row's read rejects): skipped.
    }

    // Text before the token carried over goes to the skeleton or to the open row.
    if (!inDetails) this.#keep(text.slice(copied, stop));
    else if (rowOpen) {
      this.#rowPieces ??= [];
      this.#rowPieces.push(text.slice(rowStart, stop));
    }
    this.#role = role;
    this.#isArray = isArray;
    this.#expectKey = expectKey;
    this.#key = key;
    this.#checkField = checkField;
    this.#inDetails = inDetails;
    this.#rowOpen = rowOpen;
    this.#rowLossy = rowLossy;
    this.#rowVerbatim = rowVerbatim;
    this.#verbatimKeys = verbatimKeys;
    this.#rowSpaced = rowSpaced;
    return stop;
  }

  #endRow(last: string, lossy: boolean, verbatimSoFar: boolean, spaced: boolean): void {
    let row = last;
    if (this.#rowPieces) {
      this.#rowPieces.push(last);
      row = this.#rowPieces.join('');
      this.#rowPieces = undefined;
    }
    // A line break in JSON text outside a string is only whitespace: the spool is line-framed.
    if (spaced) row = row.replace(/[\r\n]/g, ' ');
    // An escape JSON.stringify would write differently (`\/`, `\u00e9`) means the text is not verbatim.
    const verbatim = verbatimSoFar && (row.indexOf('\\') === -1 || !NON_CANONICAL_ESCAPE.test(row));
    this.events.detail(row, lossy, verbatim);
    this.#detailIndex++;
  }
}

/** Which checked field the key in text[from, to) names (escapes decoded first, if any). */
function detailField(text: string, from: number, to: number): number {
  const length = to - from;
  if (length === 11 && text.startsWith('line_number', from)) return LINE_NUMBER;
  if (length === 3 && text.startsWith('row', from)) return ROW;
  if (length === 7 && text.startsWith('details', from)) return DETAILS_FIELD;
  const raw = text.slice(from, to);
  return raw.indexOf('\\') === -1 ? NO_FIELD : fieldOf(JSON.parse(`"${raw}"`) as string);
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
