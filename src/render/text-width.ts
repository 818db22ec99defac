/**
 * Widths as a terminal draws them, the one measure every renderer uses (tables, the errors grid, the
 * live watch frame, where a line that wraps would break the "move up N lines and redraw" arithmetic).
 * Colour codes take no room; East Asian wide characters and emoji take two cells, as terminals draw them.
 *
 * Every function here is linear in what it looks at, and the ones that only need the first `width`
 * cells (fitLine, exceedsWidth) stop there: a 1 MB cell costs what its first screen costs.
 */

import { eastAsianWidth } from 'get-east-asian-width';

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/y;
const RESET = '\u001b[0m';

/**
 * Cells one code point occupies: 0 for combining marks, joiners and variation selectors; 2 for what
 * Unicode's East Asian Width tables call wide or fullwidth (CJK, and the emoji terminals draw double);
 * else 1. The tables come from get-east-asian-width, so they follow Unicode rather than a hand list.
 */
export function charWidth(codePoint: number): number {
  if (codePoint < 0x0300) return 1;
  if (
    (codePoint >= 0x0300 && codePoint <= 0x036f) ||
    codePoint === 0x200b ||
    codePoint === 0x200d ||
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) ||
    (codePoint >= 0xe0100 && codePoint <= 0xe01ef)
  )
    return 0;
  return eastAsianWidth(codePoint);
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
