/** `errors --json`: one NDJSON line per rejected row, streamed. */
import { errorRowsOrTexts } from '../model/error-rows.js';
import { createErrorRowJsonRenderer } from '../render/errors-json.js';
import type { ErrorsExporter, ExportDeps } from './errors-exporter.js';
import { type Budget, take, writeLines } from './write-lines.js';

export function createJsonExporter(deps: ExportDeps, budget: Budget): ErrorsExporter {
  const render = createErrorRowJsonRenderer(deps.stdout.isTTY);
  return {
    writeImport: (selected) =>
      writeLines(deps.stdout, take(errorRowsOrTexts(selected.id, selected), budget), render, deps.signal),
  };
}
