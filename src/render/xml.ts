/**
 * XML text from any string: markup characters escaped, and characters XML 1.0 forbids (most C0
 * controls, lone surrogates, U+FFFE/U+FFFF) or discourages (DEL, C1) shown as visible `\uXXXX`
 * text, so a file built from server text always parses.
 */

// Everything outside XML 1.0's Char production, plus DEL and C1 controls (allowed but discouraged).
const NOT_XML = /[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

const visible = (char: string): string =>
  [...char].map((unit) => `\\u${(unit.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`).join('');

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // In attributes, a parser would turn these into spaces: character references keep them.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Character data (element text): markup escaped; tabs and line breaks kept as they are. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, visible).replace(/[&<>]|\r/g, (char) => ENTITIES[char] ?? char);
}

/** An attribute value, to be put between double quotes. */
export function xmlAttribute(text: string): string {
  return text.replace(NOT_XML, visible).replace(/[&<>"'\t\n\r]/g, (char) => ENTITIES[char] ?? char);
}

/** ` name="value"` for each defined attribute, in the order given. */
export function xmlAttributes(attributes: Record<string, string | number | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join('');
}
