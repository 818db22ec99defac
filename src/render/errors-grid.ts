/**
 * A box-drawn grid drawn line by line, in cli-table3's look, for tables too long for cli-table3
 * (about 150 µs a row there: 15 s for 100,000 rows, against well under a second here). Cells must be
 * plain text (sanitized, no colour codes); styling is applied after padding so widths stay right.
 */
import type { Column } from './table.js';

// Every code point of these is one column wide: the fast path for nearly all cells.
const NARROW = /^[\u0020-\u02ff]*$/;

/** Terminal columns a plain string takes: wide CJK and emoji count 2, combining marks 0. */
export function cellWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

function charWidth(code: number): number {
  if (
    (code >= 0x300 && code <= 0x36f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0xfe00 && code <= 0xfe0f)
  )
    return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** `text` cut to `width` columns, ending with … when something was cut. */
export function cutToWidth(text: string, width: number): string {
  if (cellWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…`;
}

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
    let width = cellWidth(column.header);
    for (const row of rows) width = Math.max(width, cellWidth(row[i] ?? ''));
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
    let used = cellWidth(text);
    if (used > room) {
      text = cutToWidth(text, room);
      used = cellWidth(text);
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
