/** Which row number literals `JSON.parse` would alter, judged from their text. */

/** Would `JSON.parse` then `JSON.stringify` print this literal differently? (`1.10`, `1E5`, `-0`, 17+ digits…) */
export const isLossy = (literal: string): boolean => String(Number(literal)) !== literal;

/**
 * Any number literal in the text, after `:`, `[` or `,` and before `,`, `]` or `}`, that is lossy?
 * Runs over the whole raw text, strings included: `"a:1.10,b"` is a false positive, which only
 * costs the tokenizer. It cannot miss one: in valid JSON every number value follows `:`, `[` or `,`.
 */
export function hasLossyNumber(text: string): boolean {
  const literal = /[:,[][ \t\n\r]*(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)(?=[ \t\n\r]*[,\]}])/g;
  for (let match = literal.exec(text); match; match = literal.exec(text)) {
    if (isLossy(match[1] ?? '')) return true;
  }
  return false;
}
