// Rejected rows are checked by hand (fast for 100,000 rows): the same leniency and the same precise paths.
import { describe, expect, it } from 'vitest';
import { validateImportDocument } from '../../src/api/schema.js';

function documentWithRows(rows: unknown[]) {
  return {
    data_import: {
      id: 'x',
      status: 'finished',
      data_tables_details: [
        {
          data_table_key: 'deals',
          status: 'finished',
          error: { title: 'ParsingError', description: 'd', parsing_error_details: rows },
        },
      ],
    },
  };
}

const ROWS = 'data_import.data_tables_details[0].error.parsing_error_details';

describe('rejected rows in the schema', () => {
  it('accepts rows with nulls, missing fields and unknown fields, and keeps them untouched', () => {
    const rows = [
      { line_number: 1, row: { a: '1' }, details: 'x' },
      { line_number: null, row: null, details: null },
      {},
      { line_number: 3, row: {}, details: 'y', extra: { kept: true } },
    ];
    const result = validateImportDocument(documentWithRows(rows));
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.document.data_import.data_tables_details[0]?.error?.parsing_error_details).toEqual(rows);
    }
  });

  it.each([
    [[{ line_number: '1' }], `${ROWS}[0].line_number: expected number`],
    [[{}, { row: 'a,b' }], `${ROWS}[1].row: expected object`],
    [[{}, {}, { row: ['a'] }], `${ROWS}[2].row: expected object`],
    [[{ details: 42 }], `${ROWS}[0].details: expected string`],
    [['not a row'], `${ROWS}[0]: expected object`],
    [[null], `${ROWS}[0]: expected object`],
  ])('names the field of a bad row: %j', (rows, problem) => {
    expect(validateImportDocument(documentWithRows(rows))).toEqual({ ok: false, problem });
  });
});
