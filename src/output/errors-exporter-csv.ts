/**
 * `errors --csv`: CSV needs every column before the first row, so the imports are kept until the end,
 * then a keys-only pass over the same rows finds the columns, and a second pass writes them.
 */
import type { DataImport } from '../api/schema.js';
import { type ErrorRow, errorRows } from '../model/error-rows.js';
import { csvColumns, renderCsvHeader, renderCsvRow } from '../render/errors-csv.js';
import type { ErrorsExporter, ExportDeps } from './errors-exporter.js';
import { type Budget, take, writeLines } from './write-lines.js';

export function createCsvExporter(
  options: { safe: boolean; withImportId: boolean },
  deps: ExportDeps,
  budget: Budget,
): ErrorsExporter {
  const kept: DataImport[] = [];
  return {
    async writeImport(selected) {
      kept.push(selected);
    },
    async end() {
      // No header when every look-up failed: a failure before any result leaves stdout empty.
      if (kept.length === 0) return;
      const rows = function* (): Generator<ErrorRow> {
        for (const dataImport of kept) yield* errorRows(dataImport.id, dataImport);
      };
      // The header is built from the rows that will be written (--limit), without spending the budget.
      const columns = csvColumns(take(rows(), { remaining: budget.remaining }), {
        withImportId: options.withImportId,
      });
      const csv = { safe: options.safe, terminal: deps.stdout.isTTY };
      await deps.stdout.write(renderCsvHeader(columns, csv));
      await writeLines(
        deps.stdout,
        take(rows(), budget),
        (row) => renderCsvRow(row, columns, csv),
        deps.signal,
      );
    },
  };
}
