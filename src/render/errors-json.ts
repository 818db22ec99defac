/**
 * `errors --json`: one line per rejected row, exactly the contract's shape and key order. Row values
 * and line numbers are written as the API sent them: numbers JSON.parse would alter are ExactNumbers,
 * written raw by stringifyExact (which hands values without one straight to JSON.stringify); a null
 * row stays null.
 */

import type { ErrorRow, VerbatimErrorRow } from '../model/error-rows.js';
import { stringifyExact } from '../values/exact-number.js';
import { jsonLine } from './json.js';

/** On a terminal, control characters become `\u` escapes: still valid JSON for the same data. */
export function renderErrorRowJson(row: ErrorRow, terminal: boolean): string {
  return jsonLine(stringifyExact(row) ?? 'null', terminal);
}

/**
 * The same lines as `renderErrorRowJson`, faster for 100,000 rows: the fields every row of a table
 * shares (import id, table, title, description) are serialised once per table, not once per row.
 */
export function createErrorRowJsonRenderer(terminal: boolean): (row: ErrorRow | VerbatimErrorRow) => string {
  let last: ErrorRow | VerbatimErrorRow | undefined;
  let prefix = '';
  return (row) => {
    // Rows of one table share these very strings, so the comparisons are pointer checks.
    if (
      last === undefined ||
      row.import_id !== last.import_id ||
      row.data_table_key !== last.data_table_key ||
      row.title !== last.title ||
      row.description !== last.description
    ) {
      prefix = `{"import_id":${JSON.stringify(row.import_id)},"data_table_key":${JSON.stringify(row.data_table_key)},"title":${JSON.stringify(row.title)},"description":${JSON.stringify(row.description)},`;
    }
    last = row;
    // Verbatim text is `{"line_number":…,"row":…,"details":…}` as this line would write those fields.
    const json =
      'verbatim' in row
        ? `${prefix}${row.verbatim.slice(1)}`
        : `${prefix}"line_number":${stringifyExact(row.line_number)},"row":${stringifyExact(row.row) ?? 'null'},"details":${JSON.stringify(row.details)}}`;
    return jsonLine(json, terminal);
  };
}
