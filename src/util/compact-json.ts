/**
 * JSON text without its insignificant whitespace, for `--json`, which re-emits the API's body on one
 * line without parsing and re-serialising it (so key order and every digit survive). Used by the API
 * layer, which hands the body on in pieces, each a whole number of tokens.
 */

/** Removes insignificant whitespace from a JSON text (which must already be valid JSON). */
export function compactJson(text: string): string {
  // Fast path: a body without any whitespace has nothing to remove.
  if (!/[ \t\n\r]/.test(text)) return text;
  let out = '';
  let inString = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return out + text.slice(start);
}
