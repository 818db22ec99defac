/**
 * The walk down a body to its rejected rows (`data_import.data_tables_details[*].error
 * .parsing_error_details[*]`), shared by the body scanner and the exact-numbers marker: the role of
 * each container on the way, which keys must be read to know it, and how both skip a string.
 */

/** Where a value sits on the way down to the rows (only these containers' keys matter). */
export const ROOT = 0;
export const IMPORT = 1;
export const TABLES = 2;
export const TABLE = 3;
export const ERROR = 4;
export const DETAILS = 5;
/** A rejected row's entry: `{"line_number":…,"row":{…},"details":…}`. */
export const DETAIL = 6;
/** Inside an entry's `row` value, at any depth. */
export const ROW = 7;
export const OTHER = 8;

/** Containers whose keys steer the descent, by role (in ROW and OTHER frames keys do not matter). */
export const KEYED = [true, true, false, true, true, false, true, false, false];

/** The role of a container opened inside `parent` under `key` (undefined for array elements). */
export function childRole(parent: number, key: string | undefined, isArray: boolean): number {
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

/**
 * Index of the `"` closing the string that opens at `start`, or -1 when the text ends first.
 * `resume` skips what an earlier call already searched (a string cut by a chunk boundary).
 */
export function stringEnd(text: string, start: number, resume = 0): number {
  let end = text.indexOf('"', Math.max(start + 1, resume));
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}
