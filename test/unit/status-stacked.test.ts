import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { summarizeImport } from '../../src/model/summary.js';
import { renderStatusTerminal } from '../../src/render/status-terminal.js';
import { displayWidth } from '../../src/render/text-width.js';
import { documentedExample } from '../helpers/documented-example.js';

const summary = summarizeImport(documentedExample().document.data_import, Date.parse('2024-06-25T10:20:00Z'));
const terminal = (columns: number) =>
  renderStatusTerminal(summary, { chalk: new Chalk({ level: 0 }), columns });
const BOX = /[\u2500-\u257f]/;

describe('status on a narrow terminal', () => {
  it.each([40, 60, 79])(
    'stacks one block per data table at %i columns, never wider than the screen',
    (columns) => {
      const text = terminal(columns);
      expect(text).not.toMatch(BOX);
      for (const line of text.replace(/\n$/, '').split('\n'))
        expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
      const lines = text.split('\n');
      const key = lines.findIndex((line) => line.trim() === 'opportunities');
      expect(key).toBeGreaterThan(0);
      const block = lines
        .slice(key + 1)
        .join(' ')
        .replace(/\s+/g, ' ');
      expect(block).toMatch(/^ api · finished · (.* )?100% · – records( ·)? 1 rejected ParsingError/);
      // The error follows, wrapped at word boundaries: every word of it is there, whole.
      const error = lines
        .slice(key + 2)
        .map((line) => line.trim())
        .join(' ');
      expect(error).toContain("ParsingError: Can't parse 'AAAAA' as float for user attribute amount");
      if (columns >= 60)
        expect(text).toMatch(/companies\n {4}api · finished · █+ 100% · 122 records · 0 rejected\n/);
    },
  );

  it('keeps the grid from 80 columns', () => {
    expect(terminal(80)).toMatch(BOX);
  });
});
