/**
 * `errors` on a terminal: a summary per import (each failing data table, its problems grouped,
 * biggest first), then the rejected rows as a table that fits the width, a page at a time. Tables
 * are drawn by grid.ts: it streams in parts, and 100,000 rows take well under a second.
 */

import { outcomeLabel } from '../format/label.js';
import { formatCount, formatPercent } from '../format/number.js';
import {
  describedColumn,
  type ErrorsSummary,
  inferColumn,
  type TableErrorGroups,
} from '../model/error-groups.js';
import type { ErrorRow } from '../model/error-rows.js';
import type { Outcome } from '../model/outcome.js';
import { stringifyExact } from '../values/exact-number.js';
import { clipText } from './cell-text.js';
import { renderRowValues } from './errors-plain.js';
import {
  fitGridWidths,
  type GridColumn,
  renderGrid,
  renderGridBottom,
  renderGridRow,
  renderGridSeparator,
  renderGridTop,
} from './grid.js';
import { sanitize, sanitizeValue } from './sanitize.js';
import { outcomeColor, type TerminalContext } from './status-terminal.js';
import { displayWidth, fitLine } from './text-width.js';

export type { TerminalContext } from './status-terminal.js';

/** Problem groups listed per table; the rest are counted on one line. */
export const MAX_PROBLEMS = 8;
/** Rows per drawn table part: big enough to be cheap, small enough to stream. */
export const ROWS_PER_PART = 100;

const rowsLabel = (count: number): string => `${formatCount(count)} rejected ${count === 1 ? 'row' : 'rows'}`;

const OUTCOME_SYMBOL: Record<Outcome, string> = { succeeded: '✔', failed: '✖', running: '◷' };

export function renderErrorsSummary(summary: ErrorsSummary, context: TerminalContext): string {
  const { chalk } = context;
  const color = outcomeColor(chalk, summary.outcome, summary.statusKnown);
  let state = outcomeLabel(summary);
  if (summary.outcome === 'running') state += ` ${formatPercent(summary.progress)}`;
  const rows =
    summary.outcome === 'running'
      ? `${rowsLabel(summary.rejectedRows)} so far`
      : summary.rejectedRows === 0 && summary.tables.length === 0
        ? 'no rejected rows'
        : rowsLabel(summary.rejectedRows);
  const where = summary.tables.length > 1 ? ` in ${summary.tables.length} data tables` : '';
  const lines = [
    `${color(OUTCOME_SYMBOL[summary.outcome])} ${chalk.bold(`Import ${sanitize(summary.importId)}`)}: ${color(cellText(state, context.columns))}, ${rows}${where}\n`,
  ];
  for (const table of summary.tables) lines.push(`\n${renderTableProblems(table, context)}`);
  return lines.join('');
}

const PROBLEM_COLUMNS: GridColumn[] = [
  { header: 'Rows', align: 'right' },
  { header: 'Column', shrink: true, minWidth: 6 },
  { header: 'Problem', shrink: true, minWidth: 16 },
  { header: 'Examples', shrink: true, minWidth: 10, yieldFirst: true },
];

/** One failing data table: its error, its row count, and its problems grouped, biggest first. */
export function renderTableProblems(table: TableErrorGroups, context: TerminalContext): string {
  const { chalk, columns } = context;
  const error = [table.title, table.description].filter((s) => s).join(': ') || 'error (no description)';
  // The key leaves the error at least 20 cells; both are cut before anything measures them.
  const key = fitLine(cellText(table.dataTableKey, columns), Math.max(columns - 22, 10));
  const head = `${chalk.bold(key)}  ${chalk.red(fitLine(cellText(error, columns), Math.max(columns - displayWidth(key) - 2, 20)))}\n`;
  if (table.problems.length === 0) return `${head}  ${chalk.dim('no rejected rows listed')}\n`;
  // Only worth a line when the rows are about several columns; the problems table names them anyway.
  const byColumn =
    table.columns.length > 1
      ? ` · by column: ${table.columns
          .slice(0, MAX_PROBLEMS)
          .map(
            (c) => `${c.column === null ? '(unknown)' : cellText(c.column, columns)} ${formatCount(c.count)}`,
          )
          .join(' · ')}`
      : '';
  const counts = `  ${fitLine(`${rowsLabel(table.rejectedRows)}${byColumn}`, Math.max(columns - 2, 20))}\n`;
  const shown = table.problems.slice(0, MAX_PROBLEMS);
  const rows = shown.map((problem) => [
    formatCount(problem.count),
    problem.column === null ? '–' : cellText(problem.column, columns),
    problem.message ? cellText(problem.message, columns) : '(no details)',
    cellText(problem.examples.map((value) => clip(stringifyExact(value) ?? '', columns)).join(' '), columns),
  ]);
  let more = '';
  const hidden = table.problems.length - shown.length;
  if (hidden > 0) {
    const hiddenRows = table.problems.slice(MAX_PROBLEMS).reduce((sum, problem) => sum + problem.count, 0);
    more = `  ${chalk.dim(`… ${formatCount(hidden)} more ${hidden === 1 ? 'problem' : 'problems'} (${rowsLabel(hiddenRows)})`)}\n`;
  }
  return `${head}${counts}${renderGrid(PROBLEM_COLUMNS, rows, columns, chalk.bold)}${more}`;
}

export interface RowsTableOptions {
  /** Add a "Data table" column (the rows come from more than one table). */
  showTable: boolean;
}

const rowColumns = (showTable: boolean): GridColumn[] => [
  ...(showTable ? [{ header: 'Data table', shrink: true, minWidth: 8 } satisfies GridColumn] : []),
  { header: 'Line', align: 'right' },
  { header: 'Column', shrink: true, minWidth: 6 },
  { header: 'Value', shrink: true, minWidth: 6 },
  { header: 'Problem', shrink: true, minWidth: 16 },
  // The whole row is the least telling cell: it gives way first, leaving room for the problem.
  { header: 'Row', shrink: true, minWidth: 12, yieldFirst: true },
];

/**
 * The rows as one table, yielded in parts of ROWS_PER_PART rows so 100,000 rows never make one
 * string. Column widths are fitted to the first part and kept, so the parts line up.
 */
export function* renderRowsTable(
  rows: Iterable<ErrorRow>,
  context: TerminalContext,
  options: RowsTableOptions,
): Generator<string> {
  const columnsSpec = rowColumns(options.showTable);
  const cells = rowCells(context.columns, options.showTable);
  let widths: number[] | undefined;
  let part: string[][] = [];
  const draw = (): string => {
    const lines: string[] = [];
    if (!widths) {
      widths = fitGridWidths(columnsSpec, part, context.columns);
      const header = columnsSpec.map((c) => c.header);
      lines.push(
        renderGridTop(widths),
        renderGridRow(header, widths, columnsSpec, context.chalk.bold),
        renderGridSeparator(widths),
      );
    }
    for (const row of part) lines.push(renderGridRow(row, widths, columnsSpec));
    part = [];
    return lines.join('');
  };
  for (const row of rows) {
    part.push(cells(row));
    if (part.length >= ROWS_PER_PART) yield draw();
  }
  if (part.length) yield draw();
  if (widths) yield renderGridBottom(widths);
}

/** Cells for one row; remembers the last description's column (rows of a table share it). */
function rowCells(width: number, showTable: boolean): (row: ErrorRow) => string[] {
  let lastDescription: string | null | undefined;
  let described: string | undefined;
  return (row) => {
    if (row.description !== lastDescription) {
      lastDescription = row.description;
      described = describedColumn(row.description);
    }
    const inferred = inferColumn(row.row ?? {}, row.details, { column: described, text: row.description });
    const cells = [
      row.line_number === null ? '–' : clip(String(row.line_number), width),
      inferred ? cellText(inferred.column, width) : '–',
      inferred ? clip(sanitizeValue(inferred.value), width) : '',
      row.details === null ? '(no details)' : cellText(row.details, width),
      clip(renderRowValues(row.row, cellLimit(width)), width),
    ];
    if (showTable) cells.unshift(cellText(row.data_table_key, width));
    return cells;
  };
}

/** The line under a cut-short table: how many rows are not shown and how to see them (fits 80 columns). */
export function renderMoreRows(
  notShown: number,
  limit: number | undefined,
  { chalk }: TerminalContext,
): string {
  const what = `… ${formatCount(notShown)} more ${notShown === 1 ? 'row' : 'rows'}`;
  const how =
    limit === undefined
      ? '--all to see them, --limit N for the first N'
      : `raise --limit ${limit} to see more`;
  return `${chalk.dim(`${what} (${how})`)}\n`;
}

/** Characters a one-line cell keeps: the screen's width (the grid then cuts it to its column with …). */
const cellLimit = (width: number): number => Math.max(width, 20);

/** Cuts very long cells early so measuring stays cheap. */
const clip = (text: string, width: number): string => clipText(text, cellLimit(width));

/** A server string for a one-line cell: cut first (cheap), then sanitized. */
const cellText = (text: string, width: number): string => sanitize(clip(text, width));
