/**
 * Box-drawn grids in cli-table3's look, drawn line by line in linear time: the status table, the
 * errors summaries and the rejected rows (cli-table3 itself took ~150 µs a row, 15 s for 100,000
 * rows, and word-wrapped a cell in quadratic time: minutes for a 256 KB description). Columns keep
 * their natural width when there is room; otherwise shrinkable ones give way and cells are cut with
 * …, or wrapped onto more lines (at most MAX_CELL_LINES, see cell-text.ts) in a `wrap` column.
 */
import { MAX_CELL_LINES, wrapCell } from './cell-text.js';
import { displayWidth, exceedsWidth, fitLine } from './text-width.js';

const PADDING = 2;

export interface Column {
  header: string;
  /** May be narrowed (content cut with …) to fit the terminal. */
  shrink?: boolean;
  /** Narrowed content wraps onto more lines instead of being cut (for text people must read whole). */
  wrap?: boolean;
  align?: 'left' | 'right';
  minWidth?: number;
}

export interface GridColumn extends Column {
  /** Least important content: gives way before the other shrinkable columns do. */
  yieldFirst?: boolean;
}

/**
 * A cell: text that may hold colour codes (cut as it is), or plain text with the style to paint it
 * in once cut or wrapped (the padding stays unpainted, as cli-table3 draws it).
 */
export type Cell = string | { text: string; style: (text: string) => string };

const textOf = (cell: Cell | undefined): string => (typeof cell === 'string' ? cell : (cell?.text ?? ''));

/** A cell's width, looked at no further than `limit` cells: no column is wider than the screen. */
const widthUpTo = (cell: Cell | undefined, limit: number): number => {
  const text = textOf(cell);
  return exceedsWidth(text, limit) ? limit : displayWidth(text);
};

/**
 * Column widths (one space of padding each side included) for a grid at most `total` wide. Natural
 * widths when they fit; else, one column at a time and widest first: the `yieldFirst` columns give way
 * down to their minWidth, then every shrinkable one down to its minWidth, then down to a single "…".
 */
export function fitGridWidths(
  columns: readonly GridColumn[],
  rows: readonly (readonly Cell[])[],
  total: number,
): number[] {
  const widths = columns.map((column, i) => {
    let width = displayWidth(column.header);
    for (const row of rows) width = Math.max(width, widthUpTo(row[i], Math.max(total, 1)));
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
  cells: readonly Cell[],
  widths: readonly number[],
  columns: readonly Column[],
  style: (text: string) => string = (text) => text,
): string {
  const parts: string[] = [];
  for (const [i, width] of widths.entries()) {
    const room = width - PADDING;
    const cell = cells[i] ?? '';
    let text = fitLine(textOf(cell), room);
    const gap = ' '.repeat(Math.max(room - displayWidth(text), 0));
    if (typeof cell !== 'string') text = cell.style(text);
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

/**
 * A table whose `wrap` columns word-wrap long cells onto more lines (the status table), drawn as
 * cli-table3 drew it: rules between rows only when some cell wraps, header cells painted by `header`.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  total: number,
  header: (s: string) => string,
): string {
  const widths = fitGridWidths(columns, rows, total);
  const room = (i: number): number => (widths[i] ?? PADDING) - PADDING;
  const wraps = rows.some((row) =>
    row.some((cell, i) => columns[i]?.wrap && exceedsWidth(textOf(cell), room(i))),
  );
  const lines = [
    renderGridTop(widths),
    renderGridRow(
      columns.map((c) => ({ text: c.header, style: header })),
      widths,
      columns,
    ),
  ];
  if (wraps) lines.push(renderGridSeparator(widths));
  for (const [r, row] of rows.entries()) {
    if (wraps && r > 0) lines.push(renderGridSeparator(widths));
    const stacked = row.map((cell, i) => (columns[i]?.wrap ? wrapped(cell, room(i)) : [cell]));
    const height = Math.max(1, ...stacked.map((cells) => cells.length));
    for (let line = 0; line < height; line++) {
      lines.push(
        renderGridRow(
          stacked.map((cells) => cells[line] ?? ''),
          widths,
          columns,
        ),
      );
    }
  }
  lines.push(renderGridBottom(widths));
  return lines.join('');
}

/** A wrap column's cell as one cell per line, each painted like the whole. */
function wrapped(cell: Cell, room: number): Cell[] {
  const lines = wrapCell(textOf(cell), room, MAX_CELL_LINES);
  return typeof cell === 'string' ? lines : lines.map((text) => ({ text, style: cell.style }));
}
