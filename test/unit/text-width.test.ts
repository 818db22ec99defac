import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { summarizeImport } from '../../src/model/summary.js';
import { renderStatusTerminal } from '../../src/render/status-terminal.js';
import { charWidth, displayWidth, fitLine } from '../../src/render/text-width.js';
import { documentedExample } from '../helpers/documented-example.js';

describe('display width', () => {
  it.each([
    ['ascii', 'abc', 3],
    ['CJK', '日本語', 6],
    ['emoji in the old hand-kept ranges', '😀', 2],
    ['emoji outside them (transport, symbols)', '🚀✅⌛', 6],
    ['a combining accent', 'e\u0301', 1],
    ['an emoji with a variation selector', '❤\ufe0f', 1],
  ])('counts %s as terminals draw it', (_, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('never cuts a wide character in half', () => {
    expect(fitLine('🚀🚀🚀', 4)).toBe('🚀…');
    expect(displayWidth(fitLine('ab🚀🚀', 4))).toBeLessThanOrEqual(4);
  });

  it('gives zero to joiners and one or two to anything else', () => {
    expect(charWidth(0x200d)).toBe(0);
    expect(charWidth(0x1f680)).toBe(2);
    expect(charWidth(0x41)).toBe(1);
  });
});

describe('status rows with emoji keys', () => {
  it.each([100, 160])('line up at %i columns', (columns) => {
    const example = documentedExample().document.data_import;
    const tables = example.data_tables_details.map((table, index) => ({
      ...table,
      data_table_key: index === 0 ? '🚀 deals ✅' : table.data_table_key,
    }));
    const summary = summarizeImport(
      { ...example, data_tables_details: tables },
      Date.parse('2024-06-25T10:20:00Z'),
    );
    const text = renderStatusTerminal(summary, { chalk: new Chalk({ level: 0 }), columns });
    expect(text).toContain('🚀 deals ✅');
    const rows = text.split('\n').filter((line) => /^[┌├│└]/.test(line));
    const widths = new Set(rows.map(displayWidth));
    expect(widths.size).toBe(1);
  });
});
