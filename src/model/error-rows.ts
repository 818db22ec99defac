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
