/** Pure facts about an import's state: is it done, did it fail, which exit code does it earn. */
import { type DataImport, type DataTableDetail, KNOWN_STATUSES, type KnownStatus } from '../api/schema.js';
import { EXIT } from '../errors.js';

export type Outcome = 'succeeded' | 'failed' | 'running';

export const isKnownStatus = (status: string): status is KnownStatus =>
  (KNOWN_STATUSES as readonly string[]).includes(status);

/**
 * Finished means the import says so and none of its data tables reports a status the docs do not
 * list: an unknown value could mean anything, so it counts as "not finished" at every level.
 */
export const isFinished = (dataImport: DataImport): boolean =>
  dataImport.status === 'finished' &&
  dataImport.data_tables_details.every((table) => isKnownStatus(table.status));

/** Qobra has no `failed` status: a finished import failed when any data table carries an error. */
export function importOutcome(dataImport: DataImport): Outcome {
  if (!isFinished(dataImport)) return 'running';
  return dataImport.data_tables_details.some(hasError) ? 'failed' : 'succeeded';
}

export const hasError = (table: DataTableDetail): boolean => table.error != null;

export function exitCodeForOutcome(outcome: Outcome): number {
  return outcome === 'succeeded' ? EXIT.ok : outcome === 'failed' ? EXIT.failed : EXIT.running;
}

export function rejectedRowCount(table: DataTableDetail): number {
  return table.error?.parsing_error_details?.length ?? 0;
}

export function totalRejectedRows(dataImport: DataImport): number {
  let total = 0;
  for (const table of dataImport.data_tables_details) total += rejectedRowCount(table);
  return total;
}

/** Status values outside the documented three, for a warning (they count as "not finished"). */
export function unknownStatuses(dataImport: DataImport): string[] {
  const seen = new Set<string>();
  for (const status of [dataImport.status, ...dataImport.data_tables_details.map((t) => t.status)]) {
    if (!isKnownStatus(status)) seen.add(status);
  }
  return [...seen];
}
