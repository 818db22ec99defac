/**
 * Widths as a terminal draws them, the one measure every renderer uses (tables, the errors grid, the
 * live watch frame, where a line that wraps would break the "move up N lines and redraw" arithmetic).
 * Colour codes take no room; East Asian wide characters and emoji take two cells, as terminals draw them.
 *
 * Every function here is linear in what it looks at, and the ones that only need the first `width`
 * cells (fitLine, exceedsWidth) stop there: a 1 MB cell costs what its first screen costs.
 */

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/y;
const RESET = '\u001b[0m';

/** Cells one code point occupies: 2 for the common wide ranges, 0 for combining marks, else 1. */
export function charWidth(codePoint: number): number {
  if (codePoint < 0x0300) return 1;
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

/**
 * Walks `text` from `start`, handing each ANSI sequence or code point to `visit` as the index where it
 * ends and its width (ANSI: -1); stops when `visit` returns false. No string is made per character.
 */
function walk(text: string, visit: (end: number, width: number) => boolean): void {
  let i = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 0x1b) {
      ANSI.lastIndex = i;
      if (ANSI.test(text)) {
        if (!visit(ANSI.lastIndex, -1)) return;
        i = ANSI.lastIndex;
        continue;
      }
    }
    const codePoint = text.codePointAt(i) ?? 0;
    const end = i + (codePoint > 0xffff ? 2 : 1);
    if (!visit(end, charWidth(codePoint))) return;
    i = end;
  }
}

// Every code point of these is one column wide: the fast path for nearly all cells.
const NARROW = /^[\u0020-\u02ff]*$/;

export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  let width = 0;
  walk(text, (_, w) => {
    if (w > 0) width += w;
    return true;
  });
  return width;
}

/** Is `text` wider than `width` cells? Looks no further than the first `width + 1` cells. */
export function exceedsWidth(text: string, width: number): boolean {
  // Each code unit is at most 2 cells, and ANSI codes take none: a short text answers at once.
  if (text.length <= width / 2) return false;
  if (text.length <= width && NARROW.test(text)) return false;
  let used = 0;
  walk(text, (_, w) => {
    if (w > 0) used += w;
    return used <= width;
  });
  return used > width;
}

/** Cuts `text` to at most `width` cells, ending with … when cut; colours are reset after a cut. */
export function fitLine(text: string, width: number): string {
  if (!exceedsWidth(text, width)) return text;
  if (width <= 0) return '';
  const pieces: string[] = [];
  let from = 0;
  let used = 0;
  let coloured = false;
  walk(text, (end, w) => {
    if (w < 0) coloured = true;
    else if (used + w > width - 1) return false;
    else used += w;
    pieces.push(text.slice(from, end));
    from = end;
    return true;
  });
  return `${pieces.join('')}…${coloured ? RESET : ''}`;
}

/** Pads with spaces to `width` cells (by display width, so coloured or wide text lines up). */
export function padCells(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
