// The `errors` views as strings: terminal summary and rows table at fixed widths, plain lines, NDJSON.
import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataImport } from '../../src/api/schema.js';
import { summarizeErrors } from '../../src/model/error-groups.js';
import { type ErrorRow, errorRows } from '../../src/model/error-rows.js';
import { selectImport } from '../../src/model/selection.js';
import { createErrorRowJsonRenderer, renderErrorRowJson } from '../../src/render/errors-json.js';
import {
  renderErrorRowPlain,
  renderErrorsHeadlinesPlain,
  renderRowValues,
} from '../../src/render/errors-plain.js';
import {
  MAX_PROBLEMS,
  ROWS_PER_PART,
  renderErrorsSummary,
  renderMoreRows,
  renderRowsTable,
} from '../../src/render/errors-terminal.js';
import { fitGridWidths, renderGrid } from '../../src/render/grid.js';
import { displayWidth as cellWidth, fitLine as cutToWidth } from '../../src/render/text-width.js';
import { aDataTable, anImport, aParsingError } from '../helpers/builders.js';
import { documentedExample } from '../helpers/documented-example.js';

const fixture: DataImport = documentedExample().document.data_import;
const chalk = new Chalk({ level: 0 });
const at = (columns: number) => ({ chalk, columns });
const EVIL = 'x\u001b[2J\u001b]0;pwned\u0007\u202ey';

function withRows(
  count: number,
  make: (i: number) => { row: Record<string, unknown>; details: string },
  status = 'finished',
): DataImport {
  const details = Array.from({ length: count }, (_, i) => ({ line_number: i + 1, ...make(i) }));
  const table = aDataTable({
    status,
    data_table_key: 'opportunities',
    number_of_records: null,
    error: aParsingError(details, { description: 'd' }),
  });
  return anImport({ status, data_tables_details: [table] });
}

const linesOf = (text: string) => text.replace(/\n$/, '').split('\n');

describe('grid', () => {
  it('measures terminal width: wide glyphs count 2, combining marks 0', () => {
    expect(cellWidth('abc')).toBe(3);
    expect(cellWidth('日本')).toBe(4);
    expect(cellWidth('e\u0301')).toBe(1);
    expect(cellWidth('😀!')).toBe(3);
  });

  it('cuts to a width with an ellipsis, never past it', () => {
    expect(cutToWidth('abcdef', 4)).toBe('abc…');
    expect(cutToWidth('abc', 3)).toBe('abc');
    expect(cutToWidth('日本語', 4)).toBe('日…');
    expect(cutToWidth('abc', 0)).toBe('');
  });

  it('keeps natural widths when they fit, and lets yieldFirst columns give way first', () => {
    const columns = [
      { header: 'A', shrink: true, minWidth: 2 },
      { header: 'B', shrink: true, minWidth: 2, yieldFirst: true },
    ];
    const rows = [['aaaaaaaaaa', 'bbbbbbbbbb']];
    expect(fitGridWidths(columns, rows, 100)).toEqual([12, 12]);
    expect(fitGridWidths(columns, rows, 20)).toEqual([12, 5]);
    expect(fitGridWidths(columns, rows, 12)).toEqual([5, 4]);
    expect(fitGridWidths(columns, rows, 9)).toEqual([3, 3]);
    expect(fitGridWidths(columns, rows, 4)).toEqual([3, 3]);
  });

  it('draws cli-table3-style boxes', () => {
    const text = renderGrid(
      [
        { header: 'N', align: 'right' },
        { header: 'Text', shrink: true, minWidth: 3 },
      ],
      [['1', 'hello world']],
      14,
      (s) => s,
    );
    expect(text).toBe(
      ['┌───┬────────┐', '│ N │ Text   │', '├───┼────────┤', '│ 1 │ hello… │', '└───┴────────┘', ''].join(
        '\n',
      ),
    );
  });
});

describe('terminal summary', () => {
  it('shows the documented example at 80 columns', () => {
    expect(renderErrorsSummary(summarizeErrors(fixture), at(80))).toBe(
      [
        '✖ Import 647a13fe875af4b4eb7133c2: finished with errors, 1 rejected row',
        '',
        "opportunities  ParsingError: Can't parse 'AAAAA' as float for user attribute am…",
        '  1 rejected row',
        '┌──────┬────────┬───────────────────────────────────────────────────┬──────────┐',
        '│ Rows │ Column │ Problem                                           │ Examples │',
        '├──────┼────────┼───────────────────────────────────────────────────┼──────────┤',
        '│    1 │ amount │ ValueError: could not convert string to float: <… │ "AAAAA"  │',
        '└──────┴────────┴───────────────────────────────────────────────────┴──────────┘',
        '',
      ].join('\n'),
    );
  });

  it.each([40, 60, 100, 160])(
    'fits %i columns (the headline may wrap: it names the import in full)',
    (width) => {
      const text = renderErrorsSummary(summarizeErrors(fixture), at(width));
      for (const line of linesOf(text).slice(1)) expect(cellWidth(line)).toBeLessThanOrEqual(width);
    },
  );

  it('groups problems biggest first, lists columns, and counts the problems it leaves out', () => {
    const doc = withRows(30, (i) =>
      i < 12
        ? { row: { amount: `${i},5` }, details: `ValueError: could not convert string to float: '${i},5'` }
        : { row: { n: String(i) }, details: `problem number ${i % 10}` },
    );
    const text = renderErrorsSummary(summarizeErrors(doc), at(100));
    expect(text).toContain('30 rejected rows · by column: (unknown) 18 · amount 12');
    const problemLines = linesOf(text).filter((line) => /^│ +\d+ │/.test(line));
    expect(problemLines).toHaveLength(MAX_PROBLEMS);
    expect(problemLines[0]).toMatch(
      /│ +12 │ amount +│ ValueError: could not convert string to float: <value> +│ "0,5" "1,5" "2,5" +│/,
    );
    expect(text).toContain('… 3 more problems (4 rejected rows)');
  });

  it('says so when there is nothing to fix, or while the import still runs', () => {
    const clean = { ...fixture, data_tables_details: [fixture.data_tables_details[0]!] };
    expect(renderErrorsSummary(summarizeErrors(clean), at(80))).toBe(
      '✔ Import 647a13fe875af4b4eb7133c2: finished, no rejected rows\n',
    );
    const running = { ...fixture, status: 'started', progress: 45 };
    expect(linesOf(renderErrorsSummary(summarizeErrors(running), at(80)))[0]).toBe(
      '◷ Import 647a13fe875af4b4eb7133c2: started 45%, 1 rejected row so far',
    );
  });

  it('shows a failing table that lists no rows', () => {
    const noRows = withRows(0, () => ({ row: {}, details: '' }));
    expect(renderErrorsSummary(summarizeErrors(noRows), at(80))).toContain('no rejected rows listed');
  });

  it('escapes control characters from the server', () => {
    const doc = withRows(1, () => ({ row: { [EVIL]: EVIL }, details: `bad '${EVIL}'` }));
    doc.data_tables_details[0]!.data_table_key = EVIL;
    const text =
      renderErrorsSummary(summarizeErrors(doc), at(200)) +
      [...renderRowsTable(errorRows('i', doc), at(200), { showTable: true })].join('');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('x\\u001b[2J');
  });
});

describe('rows table', () => {
  const many = withRows(250, (i) => ({
    row: { id: String(i), name: `Deal ${i} `.repeat(i % 7), amount: `${i},5` },
    details: `ValueError: could not convert string to float: '${i},5'`,
  }));

  it('draws the documented example at 100 columns', () => {
    const text = [...renderRowsTable(errorRows(fixture.id, fixture), at(100), { showTable: false })].join('');
    expect(text).toBe(
      [
        '┌──────┬────────┬───────┬────────────────────────────────────────────────────────┬─────────────────┐',
        '│ Line │ Column │ Value │ Problem                                                │ Row             │',
        '├──────┼────────┼───────┼────────────────────────────────────────────────────────┼─────────────────┤',
        "│    1 │ amount │ AAAAA │ ValueError: could not convert string to float: 'AAAAA' │ id=1, name=Gre… │",
        '└──────┴────────┴───────┴────────────────────────────────────────────────────────┴─────────────────┘',
        '',
      ].join('\n'),
    );
  });

  it.each([50, 80, 120, 200])('fits %i columns, one line per row, in parts that make one table', (width) => {
    const parts = [...renderRowsTable(errorRows('i', many), at(width), { showTable: true })];
    expect(parts).toHaveLength(Math.ceil(250 / ROWS_PER_PART) + 1);
    const lines = linesOf(parts.join(''));
    expect(lines).toHaveLength(250 + 4);
    const widths = new Set(lines.map(cellWidth));
    expect(widths.size).toBe(1);
    expect([...widths][0]).toBeLessThanOrEqual(width);
    expect(lines[1]).toMatch(/^│ Data.* │ Line │/);
    expect(lines.at(-1)).toMatch(/^└─/);
  });

  it('draws nothing for no rows', () => {
    expect([...renderRowsTable([], at(80), { showTable: false })]).toEqual([]);
  });

  it('says how many rows are not shown and how to see them', () => {
    expect(renderMoreRows(1234, undefined, at(80))).toBe(
      '… 1,234 more rows (--all to see them, --limit N for the first N)\n',
    );
    expect(renderMoreRows(1, 10, at(80))).toBe('… 1 more row (raise --limit 10 to see more)\n');
  });
});

describe('plain lines', () => {
  const [row] = [...errorRows(fixture.id, fixture)] as [ErrorRow];

  it('is one line per row with its table, line, details and values', () => {
    expect(renderErrorRowPlain(row, { withImportId: false })).toBe(
      "opportunities line 1: ValueError: could not convert string to float: 'AAAAA' | id=1, name=Great opportunity, user=user@example.fr, amount=AAAAA\n",
    );
    expect(renderErrorRowPlain(row, { withImportId: true })).toMatch(
      /^647a13fe875af4b4eb7133c2 opportunities line 1: /,
    );
  });

  it('handles missing parts and non-string values, and escapes control characters', () => {
    const odd: ErrorRow = {
      ...row,
      line_number: null,
      details: null,
      row: { n: 1, ok: true, nested: { a: null }, [EVIL]: `two\nlines` },
    };
    const line = renderErrorRowPlain(odd, { withImportId: false });
    expect(line).toBe(
      `opportunities line ?: (no details) | n=1, ok=true, nested={"a":null}, x\\u001b[2J\\u001b]0;pwned\\u0007\\u202ey=two\\u000alines\n`,
    );
    expect(renderErrorRowPlain({ ...row, row: {} }, { withImportId: false })).toBe(
      "opportunities line 1: ValueError: could not convert string to float: 'AAAAA'\n",
    );
    expect(renderRowValues({})).toBe('');
  });

  it('summarises each failing table for stderr', () => {
    expect(renderErrorsHeadlinesPlain(fixture)).toEqual([
      "import 647a13fe875af4b4eb7133c2: opportunities: ParsingError: Can't parse 'AAAAA' as float for user attribute amount (1 rejected row)",
    ]);
    expect(renderErrorsHeadlinesPlain(selectImport(fixture, { tables: ['companies'] }))).toEqual([
      'import 647a13fe875af4b4eb7133c2: no rejected rows',
    ]);
  });
});

describe('NDJSON line', () => {
  it('has exactly the contract shape and key order', () => {
    const [row] = [...errorRows(fixture.id, fixture)] as [ErrorRow];
    expect(renderErrorRowJson(row, false)).toBe(
      '{"import_id":"647a13fe875af4b4eb7133c2","data_table_key":"opportunities","title":"ParsingError","description":"Can\'t parse \'AAAAA\' as float for user attribute amount","line_number":1,"row":{"id":"1","name":"Great opportunity","user":"user@example.fr","amount":"AAAAA"},"details":"ValueError: could not convert string to float: \'AAAAA\'"}\n',
    );
  });

  const text = fc.string({ unit: 'binary' });
  const errorRowArb = fc.record({
    import_id: fc.constantFrom('a', 'b'),
    data_table_key: fc.constantFrom('t1', 't2'),
    title: fc.option(text),
    description: fc.option(text),
    line_number: fc.option(fc.integer()),
    row: fc.dictionary(text, fc.jsonValue()),
    details: fc.option(text),
  });

  it('the fast renderer writes what JSON.stringify would, row after row (property)', () => {
    fc.assert(
      fc.property(fc.array(errorRowArb, { maxLength: 6 }), fc.boolean(), (rows, terminal) => {
        const render = createErrorRowJsonRenderer(terminal);
        for (const row of rows) expect(render(row)).toBe(renderErrorRowJson(row, terminal));
      }),
    );
  });

  it('on a terminal, still parses to the same data with no raw control characters', () => {
    fc.assert(
      fc.property(errorRowArb, (row) => {
        const line = createErrorRowJsonRenderer(true)(row);
        expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(row)));
      }),
    );
  });
});
