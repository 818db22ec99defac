/** `errors --json`: one NDJSON line per rejected row, streamed. */
import { createErrorRowJsonRenderer } from '../render/errors-json.js';
import { type ErrorsExporter, type ExportDeps, rowsWithin } from './errors-exporter.js';
import { type Budget, writeLines } from './write-lines.js';

export function createJsonExporter(deps: ExportDeps, budget: Budget): ErrorsExporter {
  const render = createErrorRowJsonRenderer(deps.stdout.isTTY);
  return {
    writeImport: (selected) => writeLines(deps.stdout, rowsWithin(selected, budget), render, deps.signal),
  };
}
