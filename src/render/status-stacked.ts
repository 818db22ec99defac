/**
 * `status` data tables on a narrow terminal (below 80 columns), where a seven-column grid would cut
 * every cell to a letter or two: one block per data table, its key, then
 * `type · status · bar % · records · rejected`, then its error wrapped at word boundaries.
 */
import type { ChalkInstance } from 'chalk';
import { statusLabel } from '../format/label.js';
import { formatCount, formatPercent, formatRecords } from '../format/number.js';
import type { TableSummary } from '../model/summary.js';
import { wrapCell } from './cell-text.js';
import { renderProgressBar } from './progress-bar.js';
import { sanitize } from './sanitize.js';
import { renderErrorText } from './status-plain.js';
import { tableColor } from './status-terminal.js';
import { displayWidth, fitLine } from './text-width.js';

/** Below this many columns the grid gives way to blocks. */
export const STACK_BELOW_COLUMNS = 80;

const INDENT = '    ';
const BAR_WIDTH = 12;

/** Facts joined by ` · `, on as many lines as the width needs; a fact is never split. */
function joinWithin(facts: readonly string[], width: number): string[] {
  const lines: string[] = [];
  for (const fact of facts) {
    const last = lines.length - 1;
    const joined = last >= 0 ? `${lines[last]} · ${fact}` : fact;
    if (last >= 0 && displayWidth(joined) <= width) lines[last] = joined;
    else lines.push(fitLine(fact, width));
  }
  return lines;
}

export function renderTablesStacked(
  tables: readonly TableSummary[],
  chalk: ChalkInstance,
  columns: number,
): string {
  const width = Math.max(20, columns - 1);
  const room = width - INDENT.length;
  const blocks = tables.map((table) => {
    const color = tableColor(chalk, table);
    const records = table.records === null ? '– records' : formatRecords(table.records);
    const rejected = table.rejectedRows
      ? chalk.red(`${formatCount(table.rejectedRows)} rejected`)
      : table.hasError
        ? '? rejected'
        : '0 rejected';
    const before = [
      sanitize(table.type ?? '-'),
      color(sanitize(statusLabel(table.status, table.statusKnown))),
    ];
    const after = [records, rejected];
    const percent = formatPercent(table.progress);
    const others = displayWidth([...before, percent, ...after].join(' · ')) + 1;
    return { table, before, after, percent, others };
  });
  // One bar width for every block, so the bars line up; it shrinks (down to 4 cells, then goes)
  // before any number is cut.
  const barWidth = Math.min(BAR_WIDTH, ...blocks.map((block) => room - block.others));
  const lines: string[] = [];
  for (const { table, before, after, percent } of blocks) {
    lines.push(`  ${chalk.bold(fitLine(sanitize(table.key), width - 2))}`);
    const bar = barWidth >= 4 ? `${renderProgressBar(table.progress, barWidth)} ` : '';
    lines.push(...joinWithin([...before, `${bar}${percent}`, ...after], room).map((line) => INDENT + line));
    if (table.hasError) {
      for (const line of wrapCell(renderErrorText(table), room)) lines.push(`${INDENT}${chalk.red(line)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
