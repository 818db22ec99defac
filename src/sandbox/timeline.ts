/**
 * Imports that unfold over time, as pure functions of elapsed scenario milliseconds. The clean,
 * stuck and failing scenarios and the imports created by record ingestion are all plans read
 * through `importAt`, so every moment of them can be unit-tested without a server or a clock.
 */
import type { DataImport, DataTableDetails, DataTableType, ImportError, ScenarioRequest } from './types.js';

export interface TablePlan {
  key: string;
  type: DataTableType;
  /** Scenario ms at which this table leaves `scheduled` (never before the import's launch). */
  startMs: number;
  /** Scenario ms at which this table is finished. */
  endMs: number;
  /** Records imported once finished; counts rise towards it while started. */
  records: number;
  /** Overrides `number_of_records` once finished: the documented example shows null on a failed table. */
  finalRecords?: number | null;
  /** Attached once the table is finished. */
  error?: ImportError | null;
  /** Stays `started` at this progress forever once launched (the stuck scenario). */
  frozenProgress?: number;
}

export interface ImportPlan {
  id: string;
  createdMs: number;
  launchMs: number;
  tables: TablePlan[];
}

/** Turns scenario milliseconds into the API's timestamps. */
export type Clock = (scenarioMs: number) => string;

/** `YYYY-MM-DDTHH:MM:SSZ`, the format of Qobra's documented timestamps (no milliseconds). */
export function isoSeconds(wallMs: number): string {
  return `${new Date(Math.floor(wallMs / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** For imports that unfold now: scenario time runs `timeScale` times faster than the wall clock. */
export function liveClock(request: Pick<ScenarioRequest, 'startedAt' | 'timeScale'>): Clock {
  return (ms) => isoSeconds(request.startedAt + ms / request.timeScale);
}

/**
 * For imports that were already over when first asked about: they happened `agoMs` before the
 * first request, at real speed, so durations shown for them look like real imports' durations.
 */
export function pastClock(request: Pick<ScenarioRequest, 'startedAt'>, agoMs: number): Clock {
  return (ms) => isoSeconds(request.startedAt - agoMs + ms);
}

/** Scenario ms after which the plan never changes again (Infinity for a frozen plan). */
export function planEndMs(plan: ImportPlan): number {
  let end = plan.launchMs;
  for (const table of plan.tables) {
    end = Math.max(end, table.frozenProgress === undefined ? table.endMs : Number.POSITIVE_INFINITY);
  }
  return end;
}

/** Builds a table entry with the documented key order (type, status, data_table_key, …). */
function tableEntry(
  table: TablePlan,
  status: DataTableDetails['status'],
  progress: number,
  records: number | null,
  error: ImportError | null,
): DataTableDetails {
  return { type: table.type, status, data_table_key: table.key, progress, number_of_records: records, error };
}

function tableAt(table: TablePlan, plan: ImportPlan, elapsedMs: number): DataTableDetails {
  const start = Math.max(plan.launchMs, table.startMs);
  if (elapsedMs < start) return tableEntry(table, 'scheduled', 0, null, null);
  if (table.frozenProgress !== undefined) {
    const records = Math.floor((table.records * table.frozenProgress) / 100);
    return tableEntry(table, 'started', table.frozenProgress, records, null);
  }
  if (elapsedMs < table.endMs) {
    const fraction = (elapsedMs - start) / Math.max(1, table.endMs - start);
    // Never 100 while started: a client seeing 100 would wrongly expect `finished`.
    const progress = Math.min(99, Math.floor(fraction * 100));
    return tableEntry(table, 'started', progress, Math.floor(table.records * fraction), null);
  }
  const records = table.finalRecords === undefined ? table.records : table.finalRecords;
  return tableEntry(table, 'finished', 100, records, table.error ?? null);
}

/** The import as the API shows it `elapsedMs` of scenario time after its first request. */
export function importAt(plan: ImportPlan, elapsedMs: number, clock: Clock): DataImport {
  const tables = plan.tables.map((table) => tableAt(table, plan, elapsedMs));
  const launched = elapsedMs >= plan.launchMs;
  const finished = launched && tables.every((table) => table.status === 'finished');
  const progress = finished
    ? 100
    : launched && tables.length > 0
      ? Math.floor(tables.reduce((sum, table) => sum + table.progress, 0) / tables.length)
      : 0;
  return {
    id: plan.id,
    created_at: clock(plan.createdMs),
    launched_at: launched ? clock(plan.launchMs) : null,
    finished_at: finished ? clock(planEndMs(plan)) : null,
    status: finished ? 'finished' : launched ? 'started' : 'scheduled',
    progress,
    data_tables_details: tables,
  };
}
