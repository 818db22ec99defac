// Grouping rejected rows into problems: column inference, masking the value, counts biggest first.
import { describe, expect, it } from 'vitest';
import type { DataImport, DataTableDetail } from '../../src/api/schema.js';
import {
  describedColumn,
  groupProblems,
  inferColumn,
  problemMessage,
  summarizeErrors,
  VALUE_PLACEHOLDER,
} from '../../src/model/error-groups.js';
import { importOutcome, totalRejectedRows } from '../../src/model/outcome.js';
import { selectImport } from '../../src/model/selection.js';
import { aDataTable, anImport, aParsingError } from '../helpers/builders.js';

const floatDetails = (value: string) => `ValueError: could not convert string to float: '${value}'`;

function table(
  key: string,
  details: { row: Record<string, unknown>; details: string | null }[],
  description = "Can't parse 'AAAAA' as float for user attribute amount",
): DataTableDetail {
  const rows = details.map((d, i) => ({ line_number: i + 1, ...d }));
  return aDataTable({
    data_table_key: key,
    number_of_records: null,
    error: aParsingError(rows, { description }),
  });
}

function dataImport(status: string, tables: DataTableDetail[]): DataImport {
  return anImport({
    id: 'imp',
    created_at: null,
    launched_at: null,
    finished_at: null,
    status,
    progress: 50,
    data_tables_details: tables,
  });
}

const clean = aDataTable({ number_of_records: 3 });

describe('describedColumn', () => {
  it.each([
    ["Can't parse 'AAAAA' as float for user attribute amount", 'amount'],
    ['Missing value for user attribute close_date', 'close_date'],
    ["Can't find user 'x' for user attribute 'owner'", 'owner'],
    ['Something else went wrong', undefined],
    [null, undefined],
  ])('%s → %s', (description, column) => {
    expect(describedColumn(description)).toBe(column);
  });
});

describe('inferColumn', () => {
  const row = { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' };

  it('finds the column whose value the details quote', () => {
    expect(inferColumn(row, floatDetails('AAAAA'))).toEqual({
      column: 'amount',
      value: 'AAAAA',
      quoted: "'AAAAA'",
    });
  });

  it('accepts double quotes (Python quotes values that hold a single quote that way)', () => {
    expect(inferColumn({ a: "O'Brien" }, `ValueError: "O'Brien" is not a valid email address`)?.column).toBe(
      'a',
    );
  });

  it('prefers the longest quoted value when several match', () => {
    expect(inferColumn({ short: '1', long: '1,5' }, "no '1' here but '1,5' is")?.column).toBe('long');
  });

  it('matches numbers as the parser prints them', () => {
    expect(inferColumn({ qty: 12 }, "invalid literal for int() with base 10: '12'")).toMatchObject({
      column: 'qty',
      value: 12,
    });
  });

  it('falls back to a column whose name the details quote', () => {
    expect(
      inferColumn({ amount: '', id: '3' }, "ValueError: missing value for required field 'amount'"),
    ).toEqual({ column: 'amount', value: '' });
  });

  it("uses the description's attribute only for the row it quotes", () => {
    const description = {
      column: 'close_date',
      text: "Can't parse '2024-13-01' as date for user attribute close_date",
    };
    expect(
      inferColumn({ close_date: '2024-13-01' }, 'ValueError: month must be in 1..12', description)?.column,
    ).toBe('close_date');
    expect(
      inferColumn({ close_date: '2024-14-01' }, 'ValueError: month must be in 1..12', description),
    ).toBeUndefined();
  });

  it('gives up rather than guess', () => {
    expect(inferColumn(row, 'ValueError: month must be in 1..12')).toBeUndefined();
    expect(inferColumn(row, null)).toBeUndefined();
    expect(inferColumn({}, floatDetails('x'))).toBeUndefined();
  });
});

describe('problemMessage', () => {
  it('masks the quoted value so rows differing only by value group together', () => {
    const inferred = inferColumn({ amount: '12,5' }, floatDetails('12,5'));
    expect(problemMessage(floatDetails('12,5'), inferred)).toBe(
      `ValueError: could not convert string to float: ${VALUE_PLACEHOLDER}`,
    );
  });

  it('keeps messages without a quoted value as they are', () => {
    expect(problemMessage('ValueError: month must be in 1..12', undefined)).toBe(
      'ValueError: month must be in 1..12',
    );
    expect(problemMessage(null, undefined)).toBe('');
  });
});

describe('groupProblems', () => {
  const rows = [
    { row: { amount: 'N/A', close_date: '2024-01-01' }, details: floatDetails('N/A') },
    { row: { amount: '1', close_date: '2024-13-01' }, details: 'ValueError: month must be in 1..12' },
    { row: { amount: '12,5', close_date: '2024-01-01' }, details: floatDetails('12,5') },
    { row: { amount: 'N/A', close_date: '2024-01-01' }, details: floatDetails('N/A') },
    { row: { amount: '€3', close_date: '2024-01-01' }, details: floatDetails('€3') },
    { row: { amount: '€4', close_date: '2024-01-01' }, details: floatDetails('€4') },
    { row: { user: 'a@b.c' }, details: "UserNotFound: no user with email 'a@b.c' in this workspace" },
    { row: { user: 'd@e.f' }, details: "UserNotFound: no user with email 'd@e.f' in this workspace" },
  ];

  it('counts problems per column and message, biggest first, with a few distinct examples', () => {
    const groups = groupProblems(table('opportunities', rows));
    expect(groups).toMatchObject({ dataTableKey: 'opportunities', title: 'ParsingError', rejectedRows: 8 });
    expect(groups.problems).toEqual([
      {
        column: 'amount',
        message: `ValueError: could not convert string to float: ${VALUE_PLACEHOLDER}`,
        count: 5,
        examples: ['N/A', '12,5', '€3'],
      },
      {
        column: 'user',
        message: `UserNotFound: no user with email ${VALUE_PLACEHOLDER} in this workspace`,
        count: 2,
        examples: ['a@b.c', 'd@e.f'],
      },
      { column: null, message: 'ValueError: month must be in 1..12', count: 1, examples: [] },
    ]);
    expect(groups.columns).toEqual([
      { column: 'amount', count: 5 },
      { column: 'user', count: 2 },
      { column: null, count: 1 },
    ]);
  });

  it('keeps ties in first-seen order', () => {
    const groups = groupProblems(
      table('t', [
        { row: {}, details: 'b' },
        { row: {}, details: 'a' },
      ]),
    );
    expect(groups.problems.map((p) => p.message)).toEqual(['b', 'a']);
  });

  it('keeps a column named like a message apart from an unknown column', () => {
    const groups = groupProblems(
      table('t', [
        { row: { x: 'v' }, details: "bad 'v'" },
        { row: {}, details: `bad ${VALUE_PLACEHOLDER}` },
      ]),
    );
    expect(groups.problems).toHaveLength(2);
  });

  it('copes with an error that lists no rows, and with null rows and details', () => {
    const empty = {
      ...table('t', []),
      error: { title: 'Oops', description: null, parsing_error_details: null },
    };
    expect(groupProblems(empty)).toMatchObject({ rejectedRows: 0, problems: [], columns: [] });
    const nulls = {
      ...table('t', []),
      error: { parsing_error_details: [{ line_number: null, row: null, details: null }] },
    };
    expect(groupProblems(nulls).problems).toEqual([{ column: null, message: '', count: 1, examples: [] }]);
  });
});

describe('selection and outcome', () => {
  // The selection is applied once (selectImport); outcome and counts then read the narrowed import.
  const selectedOutcome = (doc: DataImport, tables: string[]) => importOutcome(selectImport(doc, { tables }));
  const selectedRowCount = (doc: DataImport, tables: string[]) =>
    totalRejectedRows(selectImport(doc, { tables }));
  const failing = table('opportunities', [{ row: { amount: 'x' }, details: floatDetails('x') }]);

  it('fails when a shown table has an error, and succeeds when --table picks only clean ones', () => {
    const finished = dataImport('finished', [clean, failing]);
    expect(selectedOutcome(finished, [])).toBe('failed');
    expect(selectedOutcome(finished, ['opportunities'])).toBe('failed');
    expect(selectedOutcome(finished, ['companies'])).toBe('succeeded');
    expect(selectedOutcome(dataImport('finished', [clean]), [])).toBe('succeeded');
  });

  it('is running while the import is not finished, whatever its tables say', () => {
    expect(selectedOutcome(dataImport('started', [failing]), [])).toBe('running');
    expect(selectedOutcome(dataImport('paused', [clean]), [])).toBe('running');
  });

  it('counts and summarises only the tables asked for', () => {
    const other = table('payments', [
      { row: {}, details: 'x' },
      { row: {}, details: 'y' },
    ]);
    const finished = dataImport('finished', [clean, failing, other]);
    expect(selectedRowCount(finished, [])).toBe(3);
    expect(selectedRowCount(finished, ['payments'])).toBe(2);
    const summary = summarizeErrors(selectImport(finished, { tables: ['payments', 'nope'] }));
    expect(summary).toMatchObject({ importId: 'imp', outcome: 'failed', statusKnown: true, rejectedRows: 2 });
    expect(summary.tables.map((t) => t.dataTableKey)).toEqual(['payments']);
  });
});
