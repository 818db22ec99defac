/**
 * `errors --csv`: RFC 4180 (CRLF line ends, fields quoted only when they must be), so the rows can be
 * fixed in a spreadsheet and pushed again. Values are written as the API sent them: strings as-is,
 * other JSON values as their JSON text (numbers digit for digit: `1.10` stays `1.10`), null or
 * missing as an empty field. A row the API sent as null has no cells.
 */

import type { ErrorRow } from '../model/error-rows.js';
import { stringifyExact } from '../values/exact-number.js';
import { escapeForTerminal } from './sanitize.js';

/** The columns every CSV starts with; a row column of the same name is written as `row.NAME`. */
export const CSV_FIXED_COLUMNS = ['data_table_key', 'line_number', 'details'] as const;

/** With several imports, each row first says which import it came from. */
export const CSV_IMPORT_COLUMN = 'import_id';

export interface CsvColumns {
  /** The rows' own column names, in the order first seen. */
  keys: string[];
  /** What the header says: `import_id` (several imports only), the fixed three, then `keys` with collisions renamed. */
  header: string[];
  withImportId: boolean;
}

export interface CsvOptions {
  /** --safe-csv: a cell a spreadsheet would run as a formula gets a leading `'`. */
  safe: boolean;
  /** stdout is a terminal: control characters are escaped (`\u001b`) so a cell cannot drive it. */
  terminal: boolean;
}

/** First pass over the rows (keys only, cheap): the header must be known before the first row is written. */
export function csvColumns(rows: Iterable<ErrorRow>, { withImportId = false } = {}): CsvColumns {
  const seen = new Set<string>();
  for (const { row } of rows) if (row) for (const key of Object.keys(row)) seen.add(key);
  const keys = [...seen];
  // A single import's CSV stays as it always was: the id column only when rows could be mixed up.
  const fixed: readonly string[] = withImportId
    ? [CSV_IMPORT_COLUMN, ...CSV_FIXED_COLUMNS]
    : CSV_FIXED_COLUMNS;
  const taken = new Set<string>(fixed);
  for (const key of keys) taken.add(key);
  const header: string[] = [...fixed];
  for (const key of keys) {
    if (!fixed.includes(key)) {
      header.push(key);
      continue;
    }
    // `row.details`, unless the rows also have a column literally named that: then `row.row.details`.
    let name = `row.${key}`;
    while (taken.has(name)) name = `row.${name}`;
    taken.add(name);
    header.push(name);
  }
  return { keys, header, withImportId };
}

/** A JSON value as CSV cell text; an ExactNumber (alone or nested) as the literal the API sent. */
export function csvCellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return stringifyExact(value) ?? '';
}

const NEEDS_QUOTES = /[",\r\n]/;

/** Characters that make a spreadsheet evaluate a cell (OWASP's CSV injection list). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);

/** One field: neutralised (safe), escaped (terminal), then quoted when it holds `,` `"` CR or LF. */
export function csvField(text: string, options: CsvOptions): string {
  let field = options.safe && FORMULA_START.has(text.charAt(0)) ? `'${text}` : text;
  if (options.terminal) field = escapeForTerminal(field);
  return NEEDS_QUOTES.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

export function renderCsvHeader(columns: CsvColumns, options: CsvOptions): string {
  return `${columns.header.map((name) => csvField(name, options)).join(',')}\r\n`;
}

export function renderCsvRow(row: ErrorRow, columns: CsvColumns, options: CsvOptions): string {
  const fields = [
    ...(columns.withImportId ? [csvField(row.import_id, options)] : []),
    csvField(row.data_table_key, options),
    row.line_number === null ? '' : csvField(String(row.line_number), options),
    csvField(row.details ?? '', options),
  ];
  const cells = row.row;
  for (const key of columns.keys) {
    // hasOwn: a row without `__proto__` must not print Object.prototype as `{}`.
    fields.push(cells && Object.hasOwn(cells, key) ? csvField(csvCellText(cells[key]), options) : '');
  }
  return `${fields.join(',')}\r\n`;
}
