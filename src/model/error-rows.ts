/** Flattens an import's parsing errors into one record per rejected row (the `errors --json` shape). */
import type { DataImport } from '../api/schema.js';
import type { ExactNumber } from '../values/exact-number.js';

export interface ErrorRow {
  import_id: string;
  data_table_key: string;
  title: string | null;
  description: string | null;
  /** As sent: an ExactNumber where JSON.parse would have altered it; `String()` gives its text either way. */
  line_number: number | ExactNumber | null;
  /**
   * The row as the API sent it: null when it sent `null` (or no row). Values are JSON values, with
   * numbers that JSON.parse would round kept as ExactNumber (src/values/exact-number.ts).
   */
  row: Record<string, unknown> | null;
  details: string | null;
}

/**
 * Every rejected row of the import's data tables (narrow it with selectImport first). A generator,
 * so 100,000 rows are never held twice: callers stream them out one at a time.
 */
export function* errorRows(importId: string, dataImport: DataImport): Generator<ErrorRow> {
  for (const table of dataImport.data_tables_details) {
    if (!table.error) continue;
    const { title = null, description = null } = table.error;
    for (const detail of table.error.parsing_error_details ?? []) {
      yield {
        import_id: importId,
        data_table_key: table.data_table_key,
        title: title ?? null,
        description: description ?? null,
        line_number: detail.line_number ?? null,
        row: detail.row ?? null,
        details: detail.details ?? null,
      };
    }
  }
}

/**
 * A rejected row sent in the documented shape and already written as JSON.stringify would write it:
 * `verbatim` (`{"line_number":…,"row":…,"details":…}`) stands for those three fields.
 */
export interface VerbatimErrorRow {
  import_id: string;
  data_table_key: string;
  title: string | null;
  description: string | null;
  verbatim: string;
}

/**
 * The same rows as `errorRows`, except that a row the list can give as verbatim text comes as that
 * text: `errors --json` copies it instead of parsing and re-serialising it.
 */
export function* errorRowsOrTexts(
  importId: string,
  dataImport: DataImport,
): Generator<ErrorRow | VerbatimErrorRow> {
  for (const table of dataImport.data_tables_details) {
    if (!table.error) continue;
    const title = table.error.title ?? null;
    const description = table.error.description ?? null;
    const rows = table.error.parsing_error_details;
    if (!rows) continue;
    const key = table.data_table_key;
    for (const form of rows.forms ? rows.forms() : rows) {
      if (typeof form === 'string') {
        yield { import_id: importId, data_table_key: key, title, description, verbatim: form };
        continue;
      }
      yield {
        import_id: importId,
        data_table_key: key,
        title,
        description,
        line_number: form.line_number ?? null,
        row: form.row ?? null,
        details: form.details ?? null,
      };
    }
  }
}
