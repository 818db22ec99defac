/**
 * The containers the body scanner walks through on its way down to the rejected rows
 * (`data_import.data_tables_details[*].error.parsing_error_details[*]`), and which keys it must read
 * to know where it is.
 */

/** Where a value sits on the way down to the rows (only these containers' keys matter). */
export const ROOT = 0;
export const IMPORT = 1;
export const TABLES = 2;
export const TABLE = 3;
export const ERROR = 4;
export const DETAILS = 5;
export const DETAIL = 6;
export const INSIDE_ROW = 7;
export const OTHER = 8;

export const KEYED = [true, true, false, true, true, false, true, false, false];

export function childRole(parent: number, key: string | undefined, isArray: boolean): number {
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
