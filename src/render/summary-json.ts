/**
 * `--summary-json`: one JSON object per run, for any CI to read with jq: the exit code and its
 * name, then per import its state, per-table counts and error titles, or the failure that kept it
 * from being fetched. Field names are part of the contract (README, "CI").
 */
import { EXIT } from '../errors.js';
import { type ImportReport, reportOutcome, totalRecords } from '../model/import-report.js';
import { rejectedRowCount, totalRejectedRows } from '../model/outcome.js';
import { stringifyExact } from '../values/exact-number.js';

const EXIT_NAMES: Record<number, string> = {
  [EXIT.ok]: 'ok',
  [EXIT.failed]: 'failed',
  [EXIT.usage]: 'usage',
  [EXIT.notFound]: 'not_found',
  [EXIT.auth]: 'auth',
  [EXIT.unavailable]: 'unavailable',
  [EXIT.badResponse]: 'bad_response',
  [EXIT.running]: 'running',
  [EXIT.io]: 'io',
  [EXIT.timeout]: 'timeout',
  [EXIT.interrupted]: 'interrupted',
  [EXIT.terminated]: 'terminated',
};

export const exitName = (code: number): string => EXIT_NAMES[code] ?? 'unknown';

/** The summary object as compact JSON text (one line, no newline). */
export function renderSummaryJson(exitCode: number, reports: readonly ImportReport[]): string {
  const summary = {
    exit_code: exitCode,
    exit_name: exitName(exitCode),
    imports: reports.map(importSummary),
  };
  return stringifyExact(summary) ?? '{}';
}

function importSummary(report: ImportReport) {
  const dataImport = report.dataImport;
  const error = report.error
    ? { error: { code: report.error.code, message: report.error.message, exit_code: report.error.exitCode } }
    : {};
  if (!dataImport) {
    return {
      id: report.id,
      status: null,
      progress: null,
      outcome: reportOutcome(report),
      tables: [],
      records: null,
      rejected_rows: 0,
      error_titles: [],
      ...error,
    };
  }
  const tables = dataImport.data_tables_details;
  return {
    id: report.id,
    status: dataImport.status,
    progress: dataImport.progress ?? null,
    outcome: reportOutcome(report),
    tables: tables.map((table) => ({
      key: table.data_table_key,
      status: table.status,
      progress: table.progress ?? null,
      records: table.number_of_records ?? null,
      rejected_rows: rejectedRowCount(table),
      error_title: table.error ? (table.error.title ?? null) : null,
    })),
    records: totalRecords(dataImport),
    rejected_rows: totalRejectedRows(dataImport),
    error_titles: tables.flatMap((table) => (table.error ? [table.error.title ?? null] : [])),
    ...error,
  };
}
