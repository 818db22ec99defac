/** `status` on a terminal: a coloured headline per import, its times, and a table of data tables. */
import type { ChalkInstance } from 'chalk';
import { outcomeLabel, statusLabel } from '../format/label.js';
import { formatPercent } from '../format/number.js';
import { formatDuration, formatTimestamp } from '../format/time.js';
import type { Outcome } from '../model/outcome.js';
import type { ImportSummary, TableSummary } from '../model/summary.js';
import { clipText } from './cell-text.js';
import { type Cell, type Column, renderTable } from './grid.js';
import { renderProgressBar } from './progress-bar.js';
import { sanitize } from './sanitize.js';
import { renderErrorText } from './status-plain.js';
import { renderTablesStacked, STACK_BELOW_COLUMNS } from './status-stacked.js';
import { displayWidth, fitLine } from './text-width.js';

export interface TerminalContext {
  chalk: ChalkInstance;
  columns: number;
}

const BAR_WIDTH = 12;
/** Room for the headline's status: every documented label, and an unknown status within reason. */
const LABEL_WIDTH = 40;

/** A server string for one line of the screen: cut to the screen's width first, then sanitized. */
const shown = (text: string, columns: number): string => sanitize(clipText(text, columns));

export function outcomeColor(
  chalk: ChalkInstance,
  outcome: Outcome,
  statusKnown = true,
): (s: string) => string {
  if (!statusKnown) return chalk.magenta;
  return outcome === 'succeeded' ? chalk.green : outcome === 'failed' ? chalk.red : chalk.yellow;
}

/** A data table's colour: red with an error, green finished, yellow running, magenta an unknown status. */
export function tableColor(chalk: ChalkInstance, table: TableSummary): (s: string) => string {
  if (table.hasError) return chalk.red;
  if (table.status === 'finished') return chalk.green;
  return table.statusKnown ? chalk.yellow : chalk.magenta;
}

const OUTCOME_SYMBOL: Record<Outcome, string> = { succeeded: '✔', failed: '✖', running: '◷' };

export function renderStatusTerminal(summary: ImportSummary, context: TerminalContext): string {
  const { chalk } = context;
  const color = outcomeColor(chalk, summary.outcome, summary.statusKnown);
  const label = fitLine(shown(outcomeLabel(summary), context.columns || 100), LABEL_WIDTH);
  const lead = `${color(OUTCOME_SYMBOL[summary.outcome])} ${chalk.bold(sanitize(summary.id))}  ${color(label)}  `;
  // The bar gives way before the words and the percentage do; cut only if even those do not fit.
  const room = (context.columns || 100) - 1 - displayWidth(lead) - 5;
  const bar = room >= 4 ? `${renderProgressBar(summary.progress, Math.min(BAR_WIDTH * 2, room))} ` : '';
  const headline = fitLine(`${lead}${bar}${formatPercent(summary.progress)}`, (context.columns || 100) - 1);
  const times = renderTimesTerminal(summary, chalk, context.columns || 100);
  const narrow = (context.columns || 100) < STACK_BELOW_COLUMNS;
  const body = summary.tables.length
    ? narrow
      ? renderTablesStacked(summary.tables, chalk, context.columns)
      : renderTablesTable(summary.tables, context)
    : `${chalk.dim('  no data tables yet')}\n`;
  return `${headline}\n${times ? `  ${times}\n` : ''}${body}`;
}

function renderTimesTerminal(summary: ImportSummary, chalk: ChalkInstance, columns: number): string {
  const { createdAt, launchedAt, finishedAt, queuedMs, ranMs } = summary.times;
  const parts: string[] = [];
  if (createdAt !== undefined) parts.push(`created ${formatTimestamp(createdAt)}`);
  if (queuedMs !== undefined)
    parts.push(`${launchedAt === undefined ? 'queued for' : 'queued'} ${formatDuration(queuedMs)}`);
  if (launchedAt !== undefined) parts.push(`launched ${formatTimestamp(launchedAt)}`);
  if (ranMs !== undefined)
    parts.push(`${finishedAt === undefined ? 'running for' : 'ran'} ${formatDuration(ranMs)}`);
  if (finishedAt !== undefined) parts.push(`finished ${formatTimestamp(finishedAt)}`);
  // One line when it fits, otherwise wrapped between parts (the caller indents the first line by 2).
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.length - 1;
    const joined = last >= 0 ? `${lines[last]} · ${part}` : part;
    if (last >= 0 && joined.length + 2 <= columns) lines[last] = joined;
    else lines.push(part);
  }
  return lines.map((line) => chalk.dim(line)).join('\n  ');
}

const TABLE_COLUMNS: Column[] = [
  { header: 'Data table', shrink: true, minWidth: 10 },
  { header: 'Type', shrink: true, minWidth: 4 },
  { header: 'Status', shrink: true, minWidth: 8 },
  { header: 'Progress' },
  { header: 'Records', align: 'right' },
  { header: 'Rejected', align: 'right' },
  { header: 'Error', shrink: true, wrap: true, minWidth: 12 },
];

function renderTablesTable(tables: readonly TableSummary[], { chalk, columns }: TerminalContext): string {
  // The other columns need 76 cells at their narrowest: the bar gives way below 88 columns (down to 4 cells).
  const barWidth = Math.max(4, Math.min(BAR_WIDTH, (columns || 100) - 76));
  const width = columns || 100;
  const rows = tables.map((table): Cell[] => {
    const color = tableColor(chalk, table);
    return [
      shown(table.key, width),
      shown(table.type ?? '-', width),
      color(shown(statusLabel(table.status, table.statusKnown), width)),
      `${renderProgressBar(table.progress, barWidth)} ${formatPercent(table.progress).padStart(4)}`,
      table.records === null ? chalk.dim('–') : String(table.records),
      table.rejectedRows ? chalk.red(String(table.rejectedRows)) : table.hasError ? '?' : chalk.dim('0'),
      // Wrapped, but only as far as MAX_CELL_LINES: the grid never looks at the rest of a huge text.
      table.hasError ? { text: renderErrorText(table), style: chalk.red } : '',
    ];
  });
  return renderTable(TABLE_COLUMNS, rows, width, chalk.bold);
}
