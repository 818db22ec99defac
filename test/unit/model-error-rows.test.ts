// Rejected rows flattened into the errors --json shape, nulls for missing parts, filtered by table.
import { describe, expect, it } from 'vitest';
import type { DataImport, DataTableDetail } from '../../src/api/schema.js';
import { errorRows } from '../../src/model/error-rows.js';
import { selectImport } from '../../src/model/selection.js';
import { aDataTable, anImport } from '../helpers/builders.js';
import { documentedExample } from '../helpers/documented-example.js';

const FIXTURE: DataImport = documentedExample().document.data_import;

const table = (overrides: Partial<DataTableDetail> = {}): DataTableDetail =>
  aDataTable({ data_table_key: 'k', number_of_records: 1, ...overrides });
const withTables = (status: string, tables: DataTableDetail[]): DataImport =>
  anImport({ status, data_tables_details: tables });

describe('errorRows', () => {
  it('flattens parsing errors into the errors --json shape', () => {
    expect([...errorRows('647a', FIXTURE)]).toEqual([
      {
        import_id: '647a',
        data_table_key: 'opportunities',
        title: 'ParsingError',
        description: "Can't parse 'AAAAA' as float for user attribute amount",
        line_number: 1,
        row: { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
        details: "ValueError: could not convert string to float: 'AAAAA'",
      },
    ]);
  });

  it('fills nulls for missing parts and filters by table', () => {
    const doc = withTables('finished', [
      table({ data_table_key: 'a', error: { parsing_error_details: [{}, { line_number: 7, row: null }] } }),
      table({ data_table_key: 'b', error: { title: 'X', parsing_error_details: [{ line_number: 2 }] } }),
    ]);
    expect(
      [...errorRows('i', doc)].map((r) => [r.data_table_key, r.line_number, r.title, r.row, r.details]),
    ).toEqual([
      ['a', null, null, null, null],
      ['a', 7, null, null, null],
      ['b', 2, 'X', null, null],
    ]);
    const onlyB = selectImport(doc, { tables: ['b'] });
    expect([...errorRows('i', onlyB)].map((r) => r.data_table_key)).toEqual(['b']);
    expect([...errorRows('i', selectImport(doc, { tables: [] }))]).toHaveLength(3);
  });
});
