// The facts every view shows about an import: its tables, rejected rows and outcome label.
import { describe, expect, it } from 'vitest';
import type { DataImport, DataTableDetail } from '../../src/api/schema.js';
import { outcomeLabel } from '../../src/format/label.js';
import { plural } from '../../src/format/number.js';
import { summarizeImport } from '../../src/model/summary.js';
import { anImport } from '../helpers/builders.js';
import { documentedExample } from '../helpers/documented-example.js';

const FIXTURE: DataImport = documentedExample().document.data_import;
const NOW = Date.parse('2024-06-25T10:20:00Z');

const withTables = (status: string, tables: DataTableDetail[]): DataImport =>
  anImport({ status, data_tables_details: tables });

describe('summarizeImport', () => {
  it('collects every fact the views show', () => {
    const summary = summarizeImport(FIXTURE, NOW);
    expect(summary).toMatchObject({
      id: '647a13fe875af4b4eb7133c2',
      status: 'finished',
      statusKnown: true,
      outcome: 'failed',
      progress: 100,
    });
    expect(summary).toMatchObject({ rejectedRows: 1, tablesWithErrors: 1 });
    expect(summary.tables).toEqual([
      expect.objectContaining({
        key: 'companies',
        records: 122,
        hasError: false,
        rejectedRows: 0,
        errorTitle: null,
      }),
      expect.objectContaining({
        key: 'opportunities',
        records: null,
        hasError: true,
        rejectedRows: 1,
        errorTitle: 'ParsingError',
        errorDescription: "Can't parse 'AAAAA' as float for user attribute amount",
      }),
    ]);
    expect(outcomeLabel(summary)).toBe('finished with errors');
  });

  it('labels unknown statuses as such', () => {
    expect(outcomeLabel(summarizeImport(withTables('paused', []), NOW))).toBe('paused (unknown status)');
    expect(outcomeLabel(summarizeImport(withTables('started', []), NOW))).toBe('started');
    expect(plural(1, 'rejected row')).toBe('1 rejected row');
    expect(plural(3, 'rejected row')).toBe('3 rejected rows');
  });
});
