/** A render-ready summary of one import: every fact the status views show, computed once. */
import type { DataImport } from '../api/schema.js';
import { type ImportTimes, importTimes } from './durations.js';
import {
  importOutcome,
  isKnownStatus,
  type Outcome,
  rejectedRowCount,
  totalRejectedRows,
} from './outcome.js';

export interface TableSummary {
  key: string;
  type: string | null;
  status: string;
  statusKnown: boolean;
  progress: number | null;
  records: number | null;
  errorTitle: string | null;
  errorDescription: string | null;
  hasError: boolean;
  rejectedRows: number;
}

export interface ImportSummary {
  id: string;
  status: string;
  statusKnown: boolean;
  outcome: Outcome;
  progress: number | null;
  times: ImportTimes;
  tables: TableSummary[];
  rejectedRows: number;
  tablesWithErrors: number;
}

export function summarizeImport(dataImport: DataImport, now: number): ImportSummary {
  const tables = dataImport.data_tables_details.map(
    (table): TableSummary => ({
      key: table.data_table_key,
      type: table.type ?? null,
      status: table.status,
      statusKnown: isKnownStatus(table.status),
      progress: table.progress ?? null,
      records: table.number_of_records ?? null,
      errorTitle: table.error?.title ?? null,
      errorDescription: table.error?.description ?? null,
      hasError: table.error != null,
      rejectedRows: rejectedRowCount(table),
    }),
  );
  return {
    id: dataImport.id,
    status: dataImport.status,
    statusKnown: isKnownStatus(dataImport.status),
    outcome: importOutcome(dataImport),
    progress: dataImport.progress ?? null,
    times: importTimes(dataImport, now),
    tables,
    rejectedRows: totalRejectedRows(dataImport),
    tablesWithErrors: tables.filter((t) => t.hasError).length,
  };
}
