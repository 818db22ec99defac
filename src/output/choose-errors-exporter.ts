/**
 * Picks the `errors` exporter once, from the flags and whether stdout is a terminal, with the row
 * budget it spends. A new format is a new exporter file and one line here (plus its flag).
 */
import type { DataImport } from '../api/schema.js';
import { totalRejectedRows } from '../model/outcome.js';
import type { ErrorsExporter, ExportDeps, ExportOptions } from './errors-exporter.js';
import { createCsvExporter } from './errors-exporter-csv.js';
import { createJsonExporter } from './errors-exporter-json.js';
import { createPlainExporter } from './errors-exporter-plain.js';
import { createPagedOutput, pagerCommand } from './pager.js';
import type { Talk } from './talk.js';
import type { Budget } from './write-lines.js';

/** Rows shown on a terminal unless --all or --limit says otherwise: one screenful and a bit. */
export const ERRORS_PAGE_SIZE = 50;

export async function chooseErrorsExporter(
  options: ExportOptions,
  deps: ExportDeps,
): Promise<ErrorsExporter> {
  if (!options.json && !options.csv && deps.stdout.isTTY) {
    // Loaded only for a terminal: it brings chalk and the grid renderers.
    const { createTerminalExporter } = await import('./errors-exporter-terminal.js');
    // A page at a time across every import; the view says itself what it left out ("… 30 more rows").
    const page: Budget = { remaining: options.limit ?? (options.all ? Infinity : ERRORS_PAGE_SIZE) };
    const severalImports = options.ids.length > 1;
    const exporterOptions = { color: options.color, limit: options.limit, severalImports };
    const command = options.pager === false ? undefined : pagerCommand(deps.env);
    const rows = deps.stdout.tty?.rows ?? 0;
    if (!command || rows <= 0) return createTerminalExporter(exporterOptions, deps, page);
    // Taller than the screen: through the user's pager, so the summary at the top can be read.
    const paged = createPagedOutput(deps.stdout, command, rows, deps.env);
    const exporter = await createTerminalExporter(exporterOptions, { ...deps, stdout: paged }, page);
    return {
      writeImport: (selected) => exporter.writeImport(selected),
      end: () => paged.end(),
    };
  }
  // Exports and plain lines write every row unless --limit says otherwise (counted across imports).
  const budget: Budget = { remaining: options.limit ?? Infinity };
  const exporter = options.json
    ? createJsonExporter(deps, budget)
    : options.csv
      ? createCsvExporter({ safe: options.safeCsv, withImportId: options.ids.length > 1 }, deps, budget)
      : createPlainExporter({ withImportId: options.ids.length > 1 }, deps, budget);
  return options.limit === undefined ? exporter : withLimitNote(exporter, options.limit, budget, deps.talk);
}

/** Once everything is out, says on stderr how many rows --limit left out (stdout stays pure data). */
function withLimitNote(exporter: ErrorsExporter, limit: number, budget: Budget, talk: Talk): ErrorsExporter {
  let selectedRows = 0;
  return {
    writeImport(selected: DataImport) {
      selectedRows += totalRejectedRows(selected);
      return exporter.writeImport(selected);
    },
    async end() {
      await exporter.end?.();
      const shown = limit - budget.remaining;
      if (selectedRows > shown)
        talk.tell(`showed ${shown} of ${selectedRows} rejected rows (--limit ${limit})`);
    },
  };
}
