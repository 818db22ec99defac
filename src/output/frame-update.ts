/**
 * What to write to turn the frame on screen into the next one, the cursor starting and ending at
 * the start of the line below the frame. Same height: only the changed lines are rewritten, reached
 * by moving up and down, so a terminal showing 20 imports gets one line when one clock ticks (and
 * nothing at all when nothing changed). Another height: the whole frame is drawn again.
 */

const ERASE_LINE_END = '\u001b[K';
const ERASE_DOWN = '\u001b[J';
const up = (n: number): string => (n > 0 ? `\u001b[${n}A` : '');
const down = (n: number): string => (n > 0 ? `\u001b[${n}B` : '');

/** `whole`: draw everything even at the same height (the terminal was resized, say). */
export function frameUpdate(previous: readonly string[], next: readonly string[], whole = false): string {
  if (!whole && previous.length === next.length && previous.length > 0) return changedLines(previous, next);
  const back = previous.length > 0 ? `\r${up(previous.length)}` : '\r';
  // Erase below before the last line, not after it: leftovers of a taller frame go, and the text still ends in "\n".
  const body = next
    .map((line, i) => `${i === next.length - 1 ? ERASE_DOWN : ''}${line}${ERASE_LINE_END}\n`)
    .join('');
  return `${back}${body}`;
}

function changedLines(previous: readonly string[], next: readonly string[]): string {
  const height = next.length;
  let row = height;
  let text = '';
  for (let i = 0; i < height; i++) {
    if (next[i] === previous[i]) continue;
    text += `\r${row > i ? up(row - i) : down(i - row)}${next[i]}${ERASE_LINE_END}`;
    row = i;
  }
  return text === '' ? '' : `${text}\r${down(height - row)}`;
}
