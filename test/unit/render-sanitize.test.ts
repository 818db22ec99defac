// Escaping server text for terminals: controls, C1, line separators and bidi overrides become visible.
import { describe, expect, it } from 'vitest';
import { sanitize, sanitizeValue } from '../../src/render/sanitize.js';

describe('sanitize', () => {
  it.each([
    ['ESC', '\u001b[31mred', '\\u001b[31mred'],
    ['NUL', 'a\u0000b', 'a\\u0000b'],
    ['BEL and backspace', '\u0007\u0008', '\\u0007\\u0008'],
    ['CR and LF', 'line\r\nnext', 'line\\u000d\\u000anext'],
    ['tab', 'a\tb', 'a\\u0009b'],
    ['DEL', 'a\u007fb', 'a\\u007fb'],
    ['C1 CSI', 'a\u009b31mb', 'a\\u009b31mb'],
    ['C1 NEL', 'a\u0085b', 'a\\u0085b'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['RLO bidi override', 'invoice\u202Egpj.exe', 'invoice\\u202egpj.exe'],
    [
      'LRE..PDF and isolates',
      '\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069',
      '\\u202a\\u202b\\u202c\\u202d\\u2066\\u2067\\u2068\\u2069',
    ],
  ])('makes %s visible', (_what, input, expected) => {
    expect(sanitize(input)).toBe(expected);
  });

  it.each([
    '',
    'plain text',
    "Can't parse 'AAAAA' as float",
    'é ü 中文 🚀 — “quotes”',
    'back\\slash',
    'a\u00a0b',
  ])('leaves %j untouched', (text) => {
    expect(sanitize(text)).toBe(text);
  });

  it('is stable when applied twice (the escape is printable)', () => {
    const once = sanitize('\u001b]0;title\u0007');
    expect(sanitize(once)).toBe(once);
  });

  it('sanitizeValue shows non-strings as compact JSON, escaped', () => {
    expect(sanitizeValue(42)).toBe('42');
    expect(sanitizeValue(null)).toBe('null');
    expect(sanitizeValue(undefined)).toBe('');
    expect(sanitizeValue({ a: ['x\u2028'] })).toBe('{"a":["x\\u2028"]}');
    expect(sanitizeValue('\u001b')).toBe('\\u001b');
  });
});
