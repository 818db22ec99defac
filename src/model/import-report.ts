/**
 * What the CI reports (JUnit, summary JSON, GitHub Actions) know of each import when a command ends:
 * its last answer, or the failure that kept it from one, and whether the run stopped waiting for it.
 * Commands record into an ImportLog as they go; the reports are written once, from the log, at the end.
 */
import type { DataImport, DataTableDetail } from '../api/schema.js';
import type { QiError } from '../errors.js';
import { hasError, importOutcome, type Outcome } from './outcome.js';

/** Why a run stopped waiting for an import that was still running. */
export type StoppedWaiting = 'timeout' | 'fail-fast' | 'interrupted';

export interface ImportReport {
  id: string;
  /** The last answer (for `errors --table`, narrowed to the tables asked for). */
  dataImport?: DataImport;
  /** Why there is no (later) answer: the look-up failed. */
  error?: QiError;
  stoppedWaiting?: StoppedWaiting;
}

export interface ImportLog {
  /** An import's latest answer. */
  seen(id: string, dataImport: DataImport, stoppedWaiting?: StoppedWaiting): void;
  /** A look-up that failed for good. */
  failed(id: string, error: QiError): void;
  /** Every import heard of, in the order first heard of. */
  reports(): ImportReport[];
}

export function createImportLog(): ImportLog {
  const byId = new Map<string, ImportReport>();
  const entry = (id: string): ImportReport => {
    const found = byId.get(id) ?? { id };
    byId.set(id, found);
    return found;
  };
  return {
    seen(id, dataImport, stoppedWaiting) {
      const report = entry(id);
      report.dataImport = dataImport;
      if (stoppedWaiting) report.stoppedWaiting = stoppedWaiting;
    },
    failed(id, error) {
      entry(id).error = error;
    },
    reports: () => [...byId.values()],
  };
}

/** A table's state for a test report: passed, failed (it carries an error), or not done yet. */
export type TableVerdict = 'passed' | 'failed' | 'running';

export function tableVerdict(table: DataTableDetail): TableVerdict {
  if (hasError(table)) return 'failed';
  return table.status === 'finished' ? 'passed' : 'running';
}

/** An import's outcome for the reports: as `status` tells it, or `error` when it could not be fetched. */
export function reportOutcome(report: ImportReport): Outcome | 'error' {
  if (report.error || !report.dataImport) return 'error';
  return importOutcome(report.dataImport);
}

/** Records across the import's tables; null when no table has a count yet. */
export function totalRecords(dataImport: DataImport): number | null {
  let total: number | null = null;
  for (const table of dataImport.data_tables_details) {
    if (typeof table.number_of_records === 'number') total = (total ?? 0) + table.number_of_records;
  }
  return total;
}
