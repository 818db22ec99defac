/**
 * Widths as a terminal draws them, the one measure every renderer uses (tables, the errors grid, the
 * live watch frame, where a line that wraps would break the "move up N lines and redraw" arithmetic).
 * Colour codes take no room; East Asian wide characters and emoji take two cells, as cli-table3 counts.
 */

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/y;
const RESET = '\u001b[0m';

/** Cells one code point occupies: 2 for the common wide ranges, 0 for combining marks, else 1. */
export function charWidth(codePoint: number): number {
  if (
    (codePoint >= 0x0300 && codePoint <= 0x036f) ||
    codePoint === 0x200d ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f)
  )
    return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1f64f) ||
    (codePoint >= 0x1f900 && codePoint <= 0x1f9ff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Walks `text`, handing each ANSI sequence or character to `visit` with its width. */
function walk(text: string, visit: (piece: string, width: number, isAnsi: boolean) => boolean): void {
  let i = 0;
  while (i < text.length) {
    ANSI.lastIndex = i;
    const match = ANSI.exec(text);
    if (match) {
      if (!visit(match[0], 0, true)) return;
      i += match[0].length;
      continue;
    }
    const codePoint = text.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(codePoint);
    if (!visit(char, charWidth(codePoint), false)) return;
    i += char.length;
  }
}

// Every code point of these is one column wide: the fast path for nearly all cells.
const NARROW = /^[\u0020-\u02ff]*$/;

export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  let width = 0;
  walk(text, (_, w) => {
    width += w;
    return true;
  });
  return width;
}

/** Cuts `text` to at most `width` cells, ending with … when cut; colours are reset after a cut. */
export function fitLine(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  let coloured = false;
  walk(text, (piece, w, isAnsi) => {
    if (isAnsi) {
      out += piece;
      coloured = true;
      return true;
    }
    if (used + w > width - 1) return false;
    out += piece;
    used += w;
    return true;
  });
  return `${out}…${coloured ? RESET : ''}`;
}

/** Pads with spaces to `width` cells (by display width, so coloured or wide text lines up). */
export function padCells(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
