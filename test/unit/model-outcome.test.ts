// An import's outcome and exit code from its status and tables; rejected rows and unknown statuses.
import { describe, expect, it } from 'vitest';
import type { DataImport, DataTableDetail } from '../../src/api/schema.js';
import {
  exitCodeForOutcome,
  importOutcome,
  totalRejectedRows,
  unknownStatuses,
} from '../../src/model/outcome.js';
import { aDataTable, anImport } from '../helpers/builders.js';
import { documentedExample } from '../helpers/documented-example.js';

const FIXTURE: DataImport = documentedExample().document.data_import;

const table = (overrides: Partial<DataTableDetail> = {}): DataTableDetail =>
  aDataTable({ data_table_key: 'k', number_of_records: 1, ...overrides });
const withTables = (status: string, tables: DataTableDetail[]): DataImport =>
  anImport({ status, data_tables_details: tables });
const failedTable = table({ error: { title: 'T', description: 'D', parsing_error_details: [] } });

describe('outcome', () => {
  it.each<[string, DataTableDetail[], string, number]>([
    ['finished', [table(), table()], 'succeeded', 0],
    ['finished', [], 'succeeded', 0],
    ['finished', [table(), failedTable], 'failed', 1],
    ['scheduled', [], 'running', 8],
    ['started', [failedTable], 'running', 8],
    ['paused', [table()], 'running', 8],
    ['FINISHED', [table()], 'running', 8],
  ])('%s with %j → %s, exit %i', (status, tables, outcome, exitCode) => {
    expect(importOutcome(withTables(status, tables))).toBe(outcome);
    expect(exitCodeForOutcome(importOutcome(withTables(status, tables)))).toBe(exitCode);
  });

  it('counts rejected rows and reports undocumented statuses once each', () => {
    expect(totalRejectedRows(FIXTURE)).toBe(1);
    const odd = withTables('paused', [table({ status: 'paused' }), table({ status: 'queued' }), table()]);
    expect(unknownStatuses(odd)).toEqual(['paused', 'queued']);
    expect(unknownStatuses(FIXTURE)).toEqual([]);
  });
});
