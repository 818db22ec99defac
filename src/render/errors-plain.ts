/**
 * `errors` in a pipe or a log: one line per rejected row, every row, no box drawing and no colour,
 * so `grep`, `wc -l` and `less` work on it. Every server string is sanitized.
 */
import type { DataImport } from '../api/schema.js';
import { plural } from '../format/number.js';
import type { TableErrorGroups } from '../model/error-groups.js';
import type { ErrorRow } from '../model/error-rows.js';
import { hasError, rejectedRowCount } from '../model/outcome.js';
import { sanitize, sanitizeValue } from './sanitize.js';

/** What the stderr summary needs of a table: no grouping pass over its rows. */
export type TableErrorHeadline = Pick<
  TableErrorGroups,
  'dataTableKey' | 'title' | 'description' | 'rejectedRows'
>;

export interface PlainRowOptions {
  /** Several imports were asked for: each line starts with its import id (like grep's file names). */
  withImportId: boolean;
}

/** `opportunities line 1: ValueError: … | id=1, name=Great opportunity, amount=AAAAA` */
export function renderErrorRowPlain(row: ErrorRow, options: PlainRowOptions): string {
  const prefix = options.withImportId ? `${sanitize(row.import_id)} ` : '';
  const line = row.line_number === null ? '?' : String(row.line_number);
  const details = row.details === null ? '(no details)' : sanitize(row.details);
  const values = renderRowValues(row.row);
  return `${prefix}${sanitize(row.data_table_key)} line ${line}: ${details}${values ? ` | ${values}` : ''}\n`;
}

/**
 * `id=1, name=Great opportunity`: every cell of a row, sanitized; non-strings as JSON; null: nothing.
 * With `limit`, cells stop once the text has that many characters (a table cell shows no more).
 */
export function renderRowValues(
  row: Record<string, unknown> | null,
  limit = Number.POSITIVE_INFINITY,
): string {
  if (!row) return '';
  const parts: string[] = [];
  let length = 0;
  for (const key of Object.keys(row)) {
    if (length > limit) break;
    const part = `${sanitize(key)}=${sanitizeValue(row[key])}`;
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join(', ');
}

/** The per-table summary for stderr when stdout is piped: `opportunities: ParsingError: … (3 rejected rows)`. */
export function renderTableErrorPlain(table: TableErrorHeadline): string {
  const text = [table.title, table.description].filter((s) => s).join(': ') || 'error (no description)';
  return `${sanitize(table.dataTableKey)}: ${sanitize(text)} (${plural(table.rejectedRows, 'rejected row')})`;
}

/** stderr's summary of one (selected) import when stdout is piped: a line per failing data table. */
export function renderErrorsHeadlinesPlain(dataImport: DataImport): string[] {
  const prefix = `import ${sanitize(dataImport.id)}: `;
  const failing = dataImport.data_tables_details.filter(hasError);
  if (failing.length === 0) return [`${prefix}no rejected rows`];
  return failing.map((table) => {
    const { title = null, description = null } = table.error ?? {};
    return `${prefix}${renderTableErrorPlain({ dataTableKey: table.data_table_key, title, description, rejectedRows: rejectedRowCount(table) })}`;
  });
}
