/**
 * A box-drawn grid drawn line by line, in cli-table3's look, for tables too long for cli-table3
 * (about 150 µs a row there: 15 s for 100,000 rows, against well under a second here). Cells must be
 * plain text (sanitized, no colour codes); styling is applied after padding so widths stay right.
 */
import type { Column } from './table.js';
import { displayWidth, fitLine } from './text-width.js';

const PADDING = 2;

export interface GridColumn extends Column {
  /** Least important content: gives way before the other shrinkable columns do. */
  yieldFirst?: boolean;
}

/**
 * Column widths (one space of padding each side included) for a grid at most `total` wide. Natural
 * widths when they fit; else, one column at a time and widest first: the `yieldFirst` columns give way
 * down to their minWidth, then every shrinkable one down to its minWidth, then down to a single "…".
 */
export function fitGridWidths(
  columns: readonly GridColumn[],
  rows: readonly (readonly string[])[],
  total: number,
): number[] {
  const widths = columns.map((column, i) => {
    let width = displayWidth(column.header);
    for (const row of rows) width = Math.max(width, displayWidth(row[i] ?? ''));
    return width + PADDING;
  });
  let excess = widths.reduce((a, b) => a + b, 0) + columns.length + 1 - total;
  const rounds: ((column: GridColumn) => number | undefined)[] = [
    (column) => (column.yieldFirst ? (column.minWidth ?? 6) : undefined),
    (column) => column.minWidth ?? 6,
    () => 1,
  ];
  for (const floorOf of rounds) {
    while (excess > 0) {
      let widest = -1;
      for (const [i, column] of columns.entries()) {
        const width = widths[i] ?? 0;
        const floor = column.shrink ? floorOf(column) : undefined;
        if (
          floor !== undefined &&
          width > floor + PADDING &&
          (widest === -1 || width > (widths[widest] ?? 0))
        )
          widest = i;
      }
      if (widest === -1) break;
      widths[widest] = (widths[widest] ?? 0) - 1;
      excess--;
    }
  }
  return widths;
}

const rule = (widths: readonly number[], left: string, middle: string, right: string): string =>
  `${left}${widths.map((w) => '─'.repeat(w)).join(middle)}${right}\n`;

export const renderGridTop = (widths: readonly number[]): string => rule(widths, '┌', '┬', '┐');
export const renderGridSeparator = (widths: readonly number[]): string => rule(widths, '├', '┼', '┤');
export const renderGridBottom = (widths: readonly number[]): string => rule(widths, '└', '┴', '┘');

/** One line of cells, each cut to its column with … and padded; `style` wraps the padded text. */
export function renderGridRow(
  cells: readonly string[],
  widths: readonly number[],
  columns: readonly Column[],
  style: (text: string) => string = (text) => text,
): string {
  const parts: string[] = [];
  for (const [i, width] of widths.entries()) {
    const room = width - PADDING;
    let text = cells[i] ?? '';
    let used = displayWidth(text);
    if (used > room) {
      text = fitLine(text, room);
      used = displayWidth(text);
    }
    const gap = ' '.repeat(Math.max(room - used, 0));
    parts.push(` ${style(columns[i]?.align === 'right' ? gap + text : text + gap)} `);
  }
  return `│${parts.join('│')}│\n`;
}

/** A whole small grid: top rule, bold-able header, rows, bottom rule. */
export function renderGrid(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  total: number,
  header: (s: string) => string,
): string {
  const widths = fitGridWidths(columns, rows, total);
  const lines = [
    renderGridTop(widths),
    renderGridRow(
      columns.map((c) => c.header),
      widths,
      columns,
      header,
    ),
    renderGridSeparator(widths),
  ];
  for (const row of rows) lines.push(renderGridRow(row, widths, columns));
  lines.push(renderGridBottom(widths));
  return lines.join('');
}
