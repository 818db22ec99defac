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

import { childRole, DETAIL, DETAILS, KEYED, OTHER, ROOT, ROW, stringEnd, TABLE } from './body-roles.js';
import {
  BAD_NUMBER,
  isDigit,
  isLossy,
  LOSSY_NUMBER,
  lastNumberShape,
  numberEnd,
  PLAIN_NUMBER,
} from './number-literals.js';
import {
  detailField,
  FIELD_NAMES,
  FIELD_WORDS,
  fits,
  NO_FIELD,
  NON_CANONICAL_ESCAPE,
  VERBATIM_KEYS,
} from './row-entry.js';

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

  /** The value of a checked row field starts with `c`: note a shape the schema refuses. No field is pending after. */
  #checkValueStart(field: number, c: number): number {
    if (!fits(field, c)) this.#problem(`.${FIELD_NAMES[field]}: ${FIELD_WORDS[field]}`);
    return NO_FIELD;
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
        if (checkField !== NO_FIELD) checkField = this.#checkValueStart(checkField, c);
        if (expectKey) {
          expectKey = false;
          if (role === DETAIL) {
            // A row's own keys: compared in place, decoded only when escaped (never, in practice).
            const field = detailField(text, i + 1, end);
            // Its name steers the descent (`row` holds the row's cells); the field is checked next.
            key = FIELD_NAMES[field];
            checkField = field;
            if (field !== NO_FIELD && field === verbatimKeys + 1) verbatimKeys++;
            else rowVerbatim = false;
          } else if (role === ROW) {
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
        const shape = lastNumberShape();
        if (end === length && !final) {
          stop = i;
          break;
        }
        if (checkField !== NO_FIELD) checkField = this.#checkValueStart(checkField, c);
        if (role === DETAILS) this.#problem(': expected object');
        else if (rowOpen) {
          if (shape === BAD_NUMBER) this.#invalid = true;
          else if (!rowLossy && shape !== PLAIN_NUMBER)
            rowLossy = shape === LOSSY_NUMBER || isLossy(text.slice(i, end));
        }
        i = end - 1;
      } else if (c === 0x7b || c === 0x5b) {
        if (checkField !== NO_FIELD) checkField = this.#checkValueStart(checkField, c);
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
        if (checkField !== NO_FIELD) checkField = this.#checkValueStart(checkField, c);
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
