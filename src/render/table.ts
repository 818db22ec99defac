/**
 * Box-drawn tables that fit the terminal: columns keep their natural width when there is room,
 * otherwise the widest shrinkable columns give way and long cells end with an ellipsis.
 */
import Table from 'cli-table3';
import { displayWidth } from './text-width.js';

export interface Column {
  header: string;
  /** May be narrowed (content cut with …) to fit the terminal. */
  shrink?: boolean;
  /** Narrowed content wraps onto more lines instead of being cut (for text people must read whole). */
  wrap?: boolean;
  align?: 'left' | 'right';
  minWidth?: number;
}

const PADDING = 2;

/** Column widths (padding included) that make the table at most `columns` wide when it can be done. */
export function fitColumnWidths(
  columnsSpec: readonly Column[],
  rows: readonly string[][],
  columns: number,
): number[] {
  const widths = columnsSpec.map((column, i) => {
    let width = displayWidth(column.header);
    for (const row of rows) width = Math.max(width, displayWidth(row[i] ?? ''));
    return width + PADDING;
  });
  const borders = columnsSpec.length + 1;
  let excess = widths.reduce((a, b) => a + b, 0) + borders - columns;
  while (excess > 0) {
    let widest = -1;
    columnsSpec.forEach((column, i) => {
      const floor = (column.minWidth ?? 6) + PADDING;
      if (
        column.shrink &&
        (widths[i] ?? 0) > floor &&
        (widest === -1 || (widths[i] ?? 0) > (widths[widest] ?? 0))
      )
        widest = i;
    });
    if (widest === -1) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess--;
  }
  return widths;
}

export function renderTable(
  columnsSpec: readonly Column[],
  rows: readonly string[][],
  columns: number,
  header: (s: string) => string,
): string {
  const colWidths = fitColumnWidths(columnsSpec, rows, columns);
  // Rules between rows only help when a wrapped cell makes a row span several lines.
  const wraps = rows.some((row) =>
    row.some((cell, i) => columnsSpec[i]?.wrap && displayWidth(cell) > (colWidths[i] ?? 0) - PADDING),
  );
  const table = new Table({
    head: columnsSpec.map((c) => header(c.header)),
    colWidths,
    ...(wraps ? {} : { chars: { 'left-mid': '', mid: '', 'mid-mid': '', 'right-mid': '' } }),
    colAligns: columnsSpec.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
    truncate: '…',
    wordWrap: false,
  });
  table.push(
    ...rows.map((row) =>
      row.map((content, i) =>
        columnsSpec[i]?.wrap ? { content, wordWrap: true, wrapOnWordBoundary: true } : content,
      ),
    ),
  );
  return `${table.toString()}\n`;
}
