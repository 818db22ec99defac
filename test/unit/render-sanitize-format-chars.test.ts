// Invisible format characters (Unicode category Cf) from the server are escaped like control
// characters: otherwise "fini\u200bshed" reads as "finished", and tag characters hide text entirely.
import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/render/sanitize.js';

describe('sanitize: invisible format characters (Unicode category Cf)', () => {
  it.each([
    ['zero-width space', 'fini\u200bshed', 'fini\\u200bshed'],
    ['zero-width joiner and non-joiner', 'a\u200db\u200cc', 'a\\u200db\\u200cc'],
    ['word joiner', 'a\u2060b', 'a\\u2060b'],
    ['a BOM inside text', 'a\ufeffb', 'a\\ufeffb'],
    ['soft hyphen', 'a\u00adb', 'a\\u00adb'],
    ['Arabic letter mark', 'a\u061cb', 'a\\u061cb'],
    ['a tag character, as its two UTF-16 escapes', 'a\u{e0041}b', 'a\\udb40\\udc41b'],
    ['the cancel tag', '\u{e007f}', '\\udb40\\udc7f'],
  ])('makes %s visible', (_what, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  it('keeps an escaped tag character valid JSON for the same text', () => {
    const text = 'x\u{e0041}\u200by';
    expect(JSON.parse(`"${sanitize(text)}"`)).toBe(text);
  });

  it('leaves visible characters around them alone', () => {
    expect(sanitize('é 中文 🚀 🏳️')).toBe('é 中文 🚀 🏳️');
  });
});
