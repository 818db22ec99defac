// Re-emitting response bodies as exact one-line JSON: compacted digit for digit, escaped on a terminal.
import { describe, expect, it } from 'vitest';
import { compactJson, jsonLine } from '../../src/render/json.js';

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
