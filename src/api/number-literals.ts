/**
 * Which number literals `JSON.parse` would alter, judged from their text. A row value or a line number
 * keeps its text whenever printing the parsed number would differ (`1.10`, `1.0`, `1E2`, `-0`,
 * `12345678901234567890123`, `1e400`): exports carry what Qobra sent, never a rewrite of it.
 */

/** Would `JSON.parse` then `JSON.stringify` print this literal differently? (`1.10`, `1E5`, `-0`, 17+ digits…) */
export const isLossy = (literal: string): boolean => String(Number(literal)) !== literal;

/** A `line_number` keeps its text on the same rule as a row value: whenever JSON.parse would alter it. */
export const lineNumberNeedsText = isLossy;
