/** `errors` piped: one plain line per rejected row on stdout; each import's summary as talk on stderr. */
import type { ErrorRow } from '../model/error-rows.js';
import { renderErrorRowPlain, renderErrorsHeadlinesPlain } from '../render/errors-plain.js';
import { type ErrorsExporter, type ExportDeps, rowsWithin } from './errors-exporter.js';
import { type Budget, writeLines } from './write-lines.js';

export function createPlainExporter(
  options: { withImportId: boolean },
  deps: ExportDeps,
  budget: Budget,
): ErrorsExporter {
  const { stdout, talk } = deps;
  const render = (row: ErrorRow) => renderErrorRowPlain(row, options);
  return {
    async writeImport(selected) {
      // The summary goes to stderr so stdout stays one line per row for grep, wc -l and friends.
      for (const line of renderErrorsHeadlinesPlain(selected)) talk.tell(line);
      await writeLines(stdout, rowsWithin(selected, budget), render, deps.signal);
    },
  };
}
