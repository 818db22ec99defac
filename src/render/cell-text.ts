/**
 * How much of a server string a table cell takes in, decided before anything measures or wraps it:
 * a screen cannot show 1 MB, and wrapping or measuring all of it took minutes (and held Ctrl-C back).
 * Single-line cells keep a screen's width of characters; wrapped cells at most MAX_CELL_LINES lines,
 * the last ones saying how much was left out: "… (1,048,000 more characters)".
 */
import { formatCount } from '../format/number.js';
import { displayWidth, fitLine } from './text-width.js';

/** Lines a wrapped cell may take: about one screen; the whole text is in `--json` and piped output. */
export const MAX_CELL_LINES = 50;

/** The first `max` characters of `text` (a surrogate pair is never split), with … when cut. */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, cutIndex(text, Math.max(0, max)))}…`;
}

/** An index at or below `at` that does not split a surrogate pair. */
function cutIndex(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/**
 * `text` wrapped at word boundaries into lines of at most `width` cells, as cli-table3 wraps (a word
 * longer than the line gets a line of its own, cut with …), at most `maxLines` of them. Only the first
 * `width * maxLines` characters are ever looked at; when anything is left out, the last lines say how
 * much. `text` must be plain (sanitized, no colour codes).
 */
export function wrapCell(text: string, width: number, maxLines = MAX_CELL_LINES): string[] {
  const room = Math.max(1, width);
  const looked = text.slice(0, cutIndex(text, Math.min(text.length, room * maxLines + 1)));
  const wrapped = wordWrap(looked, room, maxLines + 1);
  const lines = wrapped.map(({ line }) => fitLine(line, room));
  if (lines.length <= maxLines && looked.length === text.length) return lines;
  // Something is left out: keep what fits above the note, which counts everything after what shows.
  for (let kept = Math.min(lines.length, maxLines - 1); kept >= 0; kept--) {
    const last = wrapped[kept - 1];
    const note = `… (${formatCount(countCodePoints(text, last ? shownEnd(last, lines[kept - 1] ?? '') : 0))} more characters)`;
    const noteLines = wordWrap(note, room, maxLines).map(({ line }) => fitLine(line, room));
    if (kept + noteLines.length <= maxLines || kept === 0)
      return [...lines.slice(0, kept), ...noteLines].slice(0, maxLines);
  }
  return [];
}

/** Where the text a wrapped line shows ends: a word cut with … shows only its start. */
const shownEnd = (wrapped: { line: string; start: number }, shown: string): number =>
  wrapped.start + (shown === wrapped.line ? wrapped.line.length : shown.length - 1);

/**
 * Greedy word wrap, cli-table3's: words joined by the whitespace between them while the line stays
 * within `width`; the whitespace where a line breaks is dropped. Stops after `maxLines` lines. Each
 * line comes with where it starts in `text` (its text is `text` from there, as is).
 */
function wordWrap(text: string, width: number, maxLines: number): { line: string; start: number }[] {
  const lines: { line: string; start: number }[] = [];
  const parts = text.split(/(\s+)/);
  let line = '';
  let lineWidth = 0;
  let start = 0;
  let offset = 0;
  let space = '';
  for (let i = 0; i < parts.length && lines.length < maxLines; i += 2) {
    const word = parts[i] ?? '';
    const joined = lineWidth + displayWidth(word) + (lineWidth > 0 ? space.length : 0);
    if (joined > width) {
      if (lineWidth > 0) lines.push({ line, start });
      line = word;
      lineWidth = displayWidth(word);
      start = offset;
    } else {
      if (lineWidth === 0) start = offset;
      line += (lineWidth > 0 ? space : '') + word;
      lineWidth = joined;
    }
    space = parts[i + 1] ?? '';
    offset += word.length + space.length;
  }
  if (lineWidth > 0 && lines.length < maxLines) lines.push({ line, start });
  return lines;
}

/** Code points in `text` from `from` on, leading whitespace aside: what "N more characters" counts. */
function countCodePoints(text: string, from: number): number {
  let start = from;
  while (start < text.length && /\s/.test(text.charAt(start))) start++;
  let count = 0;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // The second half of a surrogate pair is not a character of its own.
    if (code < 0xdc00 || code > 0xdfff || i === start) count++;
  }
  return count;
}
