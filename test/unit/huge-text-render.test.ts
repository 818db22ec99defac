// Huge server text on a terminal: every table and grid takes in only what the screen can show, cut
// with … or, where a cell wraps, with a note of how much was left out. Outputs are checked here; how
// fast they come is for the benchmarks.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { summarizeErrors } from '../../src/model/error-groups.js';
import { errorRows } from '../../src/model/error-rows.js';
import { summarizeImport } from '../../src/model/summary.js';
import { clipText, MAX_CELL_LINES, wrapCell } from '../../src/render/cell-text.js';
import { renderErrorsSummary, renderRowsTable } from '../../src/render/errors-terminal.js';
import { fitGridWidths, renderTable } from '../../src/render/grid.js';
import { renderStatusTerminal } from '../../src/render/status-terminal.js';
import { displayWidth, exceedsWidth, fitLine } from '../../src/render/text-width.js';
import { renderWatchFrame } from '../../src/render/watch-frame.js';
import { applyPollEvent, createWatchState } from '../../src/watch/state.js';
import { aDataTable, aFetchedImport, anImport, aParsingError, aRejectedRow } from '../helpers/builders.js';

const MB = 1 << 20;
const chalk = new Chalk({ level: 0 });
const NOW = Date.parse('2024-06-25T10:20:00Z');
const words = (length: number) =>
  'lorem ipsum dolor sit amet '.repeat(Math.ceil(length / 27)).slice(0, length);
const linesOf = (text: string) => text.replace(/\n$/, '').split('\n');
const expectFits = (text: string, columns: number) => {
  for (const line of linesOf(text))
    expect(displayWidth(line), line.slice(0, 200)).toBeLessThanOrEqual(columns);
};

/** The documented import, its failing table given a huge description, row value or key. */
const hugeImport = ({ description = 'd', value = 'AAAAA', key = 'opportunities' } = {}) =>
  anImport({
    data_tables_details: [
      aDataTable(),
      aDataTable({
        data_table_key: key,
        number_of_records: null,
        error: aParsingError([aRejectedRow({ row: { id: '1', amount: value } })], { description }),
      }),
    ],
  });

describe('wrapCell', () => {
  it('wraps at word boundaries as cli-table3 did; a word too long gets its own line, cut with …', () => {
    expect(wrapCell("ParsingError: Can't parse 'AAAAA' as float for user attribute amount", 37)).toEqual([
      "ParsingError: Can't parse 'AAAAA' as",
      'float for user attribute amount',
    ]);
    expect(wrapCell('to karim.garnier@example.fr now', 12)).toEqual(['to', 'karim.garni…', 'now']);
    expect(wrapCell('', 10)).toEqual([]);
  });

  it('keeps at most MAX_CELL_LINES lines, the last ones counting exactly what was left out', () => {
    const text = 'abcd '.repeat(MB / 5);
    const lines = wrapCell(text, 20);
    expect(lines).toHaveLength(MAX_CELL_LINES);
    const shownWords = lines.slice(0, -2).join(' ').split(' ').length;
    // Everything after the last word shown, the space before the next word aside.
    const left = text.length - shownWords * 5;
    expect(lines.slice(-2).join(' ')).toBe(`… (${left.toLocaleString('en-US')} more characters)`);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(20);
  });

  it('a text without spaces: one cut line, then the note', () => {
    const lines = wrapCell('x'.repeat(MB), 30);
    // The cut word shows 29 characters: the note counts the other MB - 29.
    expect(lines).toEqual([`${'x'.repeat(29)}…`, `… (${(MB - 29).toLocaleString('en-US')} more characters)`]);
  });

  it('counts characters, not UTF-16 units, and never splits a surrogate pair', () => {
    // One long word: 19 emoji and … fill 39 of 40 cells; the note counts emoji, not UTF-16 units.
    expect(wrapCell('😀'.repeat(5000), 40, 2)).toEqual([`${'😀'.repeat(19)}…`, '… (4,981 more characters)']);
    expect(clipText('a😀b', 2)).toBe('a…');
    expect(clipText('a😀b', 3)).toBe('a😀…');
    expect(clipText('short', 10)).toBe('short');
  });
});

describe('measuring', () => {
  it('exceedsWidth and fitLine agree with displayWidth on huge and wide text', () => {
    const wide = '日本'.repeat(MB / 4);
    expect(exceedsWidth(wide, 10)).toBe(true);
    expect(exceedsWidth('日本', 4)).toBe(false);
    expect(exceedsWidth('日本', 3)).toBe(true);
    expect(fitLine(wide, 7)).toBe('日本日…');
    expect(fitLine(`\u001b[31m${'x'.repeat(MB)}\u001b[39m`, 4)).toBe('\u001b[31mxxx…\u001b[0m');
  });

  it('a column is never measured wider than the screen', () => {
    const widths = fitGridWidths(
      [{ header: 'A' }, { header: 'B', shrink: true }],
      [['a', 'x'.repeat(MB)]],
      100,
    );
    expect(widths).toEqual([3, 94]);
  });
});

describe('renderers take in what the screen shows', () => {
  it('status table: a 1 MB description wraps into at most MAX_CELL_LINES lines ending with the note', () => {
    const summary = summarizeImport(hugeImport({ description: words(MB) }), NOW);
    const text = renderStatusTerminal(summary, { chalk, columns: 100 });
    expectFits(text, 100);
    expect(linesOf(text).length).toBeLessThan(MAX_CELL_LINES + 12);
    expect(text).toMatch(/… \([\d,]+ more\s*│\n.*characters\)/);
  });

  it('status table: a 1 MB key or status is cut with … and the table still fits', () => {
    const doc = hugeImport({ key: 'k'.repeat(MB) });
    const table = doc.data_tables_details[1];
    if (table) table.status = 's'.repeat(MB);
    const text = renderStatusTerminal(summarizeImport(doc, NOW), { chalk, columns: 100 });
    expectFits(text, 100);
    expect(text).toContain('kkk…');
  });

  it('a wrapped cell keeps its colour on every line, and stripping colour gives the plain table', () => {
    const rows = [[{ text: 'one two three four', style: new Chalk({ level: 1 }).red }]];
    const coloured = renderTable(
      [{ header: 'E', shrink: true, wrap: true, minWidth: 4 }],
      rows,
      12,
      (s) => s,
    );
    for (const line of linesOf(coloured).slice(3, -1))
      expect(line).toMatch(/^│ \u001b\[31m.*\u001b\[39m *│$/);
    const plain = renderTable(
      [{ header: 'E', shrink: true, wrap: true, minWidth: 4 }],
      [['one two three four']],
      12,
      (s) => s,
    );
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('errors summary and rows: a 1 MB key, row value and description fit the width', () => {
    for (const huge of [{ key: 'k'.repeat(MB) }, { value: words(MB) }, { description: words(MB) }]) {
      const dataImport = hugeImport(huge);
      const summary = renderErrorsSummary(summarizeErrors(dataImport), { chalk, columns: 100 });
      expectFits(summary, 100);
      const rows = [
        ...renderRowsTable(errorRows('x', dataImport), { chalk, columns: 100 }, { showTable: true }),
      ];
      expectFits(rows.join(''), 100);
    }
  });

  it('watch frame: a 1 MB description, key or status is cut to the line', () => {
    const state = createWatchState(['x'], NOW);
    const doc = hugeImport({ description: words(MB), key: 'k'.repeat(MB) });
    doc.status = 'started';
    applyPollEvent(state, {
      type: 'snapshot',
      id: 'x',
      at: NOW,
      fetched: aFetchedImport({ data_import: doc }),
      changed: true,
      finished: false,
    });
    const lines = renderWatchFrame(state, { chalk, columns: 100, now: NOW });
    for (const line of lines) expect(displayWidth(line)).toBeLessThan(100);
    expect(lines.join('\n')).toContain('kkk…');
  });
});
