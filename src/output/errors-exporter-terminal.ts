/**
 * `errors` on a terminal: per import a grouped summary, then its rows as a table, a page at a time
 * across every import, and a line saying how to see what was left out. Loaded only for a terminal:
 * it brings chalk and the grid renderers.
 */
import { summarizeErrors } from '../model/error-groups.js';
import { colorEnabled, makeChalk } from '../render/color.js';
import { renderErrorsSummary, renderMoreRows, renderRowsTable } from '../render/errors-terminal.js';
import { type ErrorsExporter, type ExportDeps, rowsWithin } from './errors-exporter.js';
import { type Budget, interruptionPoint } from './write-lines.js';

export async function createTerminalExporter(
  options: { color?: boolean; limit?: number; severalImports: boolean },
  deps: ExportDeps,
  budget: Budget,
): Promise<ErrorsExporter> {
  const { stdout } = deps;
  const context = {
    chalk: await makeChalk(colorEnabled(options.color, deps.env, stdout.isTTY)),
    columns: stdout.columns > 0 ? stdout.columns : 100,
  };
  return {
    async writeImport(selected) {
      const summary = summarizeErrors(selected);
      await stdout.write(renderErrorsSummary(summary, context));
      const before = budget.remaining;
      if (summary.rejectedRows > 0 && before > 0) {
        await stdout.write('\n');
        const showTable = summary.tables.filter((t) => t.rejectedRows > 0).length > 1;
        const parts = renderRowsTable(rowsWithin(selected, budget), context, { showTable });
        for (const part of parts) {
          await stdout.write(part);
          await interruptionPoint(deps.signal);
        }
      }
      const notShown = summary.rejectedRows - (before - budget.remaining);
      if (notShown > 0) await stdout.write(renderMoreRows(notShown, options.limit, context));
      if (options.severalImports) await stdout.write('\n');
    },
  };
}
