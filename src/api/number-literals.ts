/**
 * Which number literals `JSON.parse` would alter, judged from their text. A row value or a line number
 * keeps its text whenever printing the parsed number would differ (`1.10`, `1.0`, `1E2`, `-0`,
 * `12345678901234567890123`, `1e400`): exports carry what Qobra sent, never a rewrite of it.
 */

/** Would `JSON.parse` then `JSON.stringify` print this literal differently? (`1.10`, `1E5`, `-0`, 17+ digits…) */
export const isLossy = (literal: string): boolean => String(Number(literal)) !== literal;

/** A `line_number` keeps its text on the same rule as a row value: whenever JSON.parse would alter it. */
export const lineNumberNeedsText = isLossy;

/**
 * Reading one literal of a rejected row by JSON's grammar (-? int frac? exp?) in a single pass, for
 * the body scanner: where it ends, whether it is a number at all, and whether JSON.parse would alter
 * it. Apart from the scanner's loop, small enough for the JIT to compile early (the loop reads a
 * million rows once, cold).
 */

export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
export const isNumberChar = (c: number): boolean =>
  isDigit(c) || c === 0x2e || c === 0x2b || c === 0x2d || c === 0x65 || c === 0x45;

/** Is any character of text[from, to) a digit other than 0? */
function nonZeroFrom(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (text.charCodeAt(at) !== 0x30) return true;
  return false;
}

/** What `numberEnd` found: a short integer, a literal that may need its text, one that does, or no number. */
export const PLAIN_NUMBER = 0;
export const MAYBE_LOSSY_NUMBER = 1;
export const LOSSY_NUMBER = 2;
export const BAD_NUMBER = 3;
/** Set by `numberEnd` beside the index it returns (two results, no allocation on the hot path). */
let numberShape = PLAIN_NUMBER;

/**
 * The end of the number literal at `start`, by JSON's grammar (-? int frac? exp?), with its shape in
 * `numberShape`: a row's literal kept as text never meets JSON.parse, so its grammar is checked here,
 * and its shape says whether it needs its text (a short integer never does, a fraction ending in 0
 * always does). Every read is bounds-checked: charCodeAt past the end deoptimises the caller's loop.
 */
export function numberEnd(text: string, start: number, length: number): number {
  const negative = text.charCodeAt(start) === 0x2d;
  let end = negative ? start + 1 : start;
  let bad = false;
  const first = end < length ? text.charCodeAt(end) : -1;
  if (first === 0x30) end++;
  else if (isDigit(first)) {
    end++;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
  } else bad = true;
  const intDigits = end - start - (negative ? 1 : 0);
  let fraction = false;
  let exponent = false;
  let trailingZero = false;
  if (!bad && end < length && text.charCodeAt(end) === 0x2e) {
    fraction = true;
    const digitsFrom = ++end;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
    if (end === digitsFrom) bad = true;
    else trailingZero = text.charCodeAt(end - 1) === 0x30;
  }
  if (!bad && end < length && (text.charCodeAt(end) | 0x20) === 0x65) {
    exponent = true;
    end++;
    const sign = end < length ? text.charCodeAt(end) : -1;
    if (sign === 0x2b || sign === 0x2d) end++;
    const digitsFrom = end;
    while (end < length && isDigit(text.charCodeAt(end))) end++;
    if (end === digitsFrom) bad = true;
  }
  // Number characters right after belong to the same token, which is then not a number: `01`, `1.2.3`.
  while (end < length && isNumberChar(text.charCodeAt(end))) {
    end++;
    bad = true;
  }
  if (bad) numberShape = BAD_NUMBER;
  else if (fraction && trailingZero && !exponent) numberShape = LOSSY_NUMBER;
  // An integer of 22 digits or more prints in exponent form, and one of 17 or more with a digit other
  // than 0 past the 17th has more digits than a double keeps: neither ever prints as sent.
  else if (
    !fraction &&
    !exponent &&
    intDigits >= 17 &&
    (intDigits >= 22 || nonZeroFrom(text, end - intDigits + 17, end))
  )
    numberShape = LOSSY_NUMBER;
  else if (fraction || exponent || intDigits > 15 || (negative && first === 0x30))
    numberShape = MAYBE_LOSSY_NUMBER;
  else numberShape = PLAIN_NUMBER;
  return end;
}

/** The shape of the literal `numberEnd` read last. */
export const lastNumberShape = (): number => numberShape;
