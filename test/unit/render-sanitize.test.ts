// Escaping server text for terminals, and re-emitting response bodies as exact one-line JSON.
import { describe, expect, it } from 'vitest';
import { compactJson, jsonLine } from '../../src/render/json.js';
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

describe('compactJson', () => {
  it('removes whitespace outside strings', () => {
    expect(compactJson('{\n  "a": 1,\n  "b": [ 1, 2 ],\r\n\t"c": { }\n}\n')).toBe('{"a":1,"b":[1,2],"c":{}}');
  });

  it('removes every insignificant space, not only newlines and ": "', () => {
    expect(compactJson('{ "a":1 }')).toBe('{"a":1}');
    expect(compactJson('[1 ,2]')).toBe('[1,2]');
    expect(compactJson(' {"a" :true} ')).toBe('{"a":true}');
  });

  it('leaves strings alone, escapes and quotes included', () => {
    const text =
      '{\n  "a b": "x, y",\n  "c": "\\"  quoted  \\"",\n  "d": "\\\\",\n  "e": "tab\\tnew\\nline": 1\n}';
    expect(compactJson(text)).toBe(
      '{"a b":"x, y","c":"\\"  quoted  \\"","d":"\\\\","e":"tab\\tnew\\nline":1}',
    );
    expect(compactJson('{"k": "a \\\\"}')).toBe('{"k":"a \\\\"}');
  });

  it('keeps numbers digit for digit', () => {
    const text =
      '{\n  "p": 1.000000000000000000001,\n  "n": 12345678901234567890,\n  "e": -1.5E+300,\n  "z": 0.10\n}';
    expect(compactJson(text)).toBe(
      '{"p":1.000000000000000000001,"n":12345678901234567890,"e":-1.5E+300,"z":0.10}',
    );
  });

  it('keeps key order and duplicate keys as sent', () => {
    expect(compactJson('{ "z": 1, "a": 2, "z": 3 }')).toBe('{"z":1,"a":2,"z":3}');
  });

  it('returns an already compact document unchanged', () => {
    const text = '{"data_import":{"id":"x","status":"finished","data_tables_details":[]}}';
    expect(compactJson(text)).toBe(text);
  });
});

describe('jsonLine', () => {
  const body = '{"t":"\u001b[2J\u2028\u202e\u0085","n":12345678901234567890}';

  it('writes the document exactly, with one newline, when piped', () => {
    expect(jsonLine(body, false)).toBe(`${body}\n`);
  });

  it('escapes terminal-driving characters on a terminal, still parsing to the same value', () => {
    // Raw ESC cannot be in valid JSON; this body uses the escaped form for it.
    const valid = '{"t":"\\u001b[2J\u2028\u202e\u0085 ok","n":1}';
    const line = jsonLine(valid, true);
    expect(line).toBe('{"t":"\\u001b[2J\\u2028\\u202e\\u0085 ok","n":1}\n');
    expect(JSON.parse(line)).toEqual(JSON.parse(valid));
    expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  });
});
