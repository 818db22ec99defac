/**
 * A long line of talk wrapped for a terminal at word boundaries. A `backticked` command and any word
 * (an id, a URL, a path) are never split: one longer than the line gets a line of its own, and the
 * terminal wraps it as it would have anyway. Continuation lines are indented, so one message still
 * reads as one.
 */
import { displayWidth } from './text-width.js';

const ATOM = /`[^`]*`[^\s`]*|[^\s`]+`[^`]*`[^\s`]*|\S+/g;
const INDENT = '  ';

export function wrapWords(line: string, width: number): string {
  if (width <= INDENT.length + 10 || displayWidth(line) <= width) return line;
  const lines: string[] = [];
  let current = '';
  for (const atom of line.match(ATOM) ?? []) {
    const candidate = current ? `${current} ${atom}` : lines.length ? `${INDENT}${atom}` : atom;
    if (current && displayWidth(candidate) > width) {
      lines.push(current);
      current = `${INDENT}${atom}`;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines.join('\n');
}
