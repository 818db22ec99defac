/**
 * What a watch knows about each import: the latest answer, the one before it, trends for rate and
 * ETA, a run of failures in progress, and how its watch ended. Poll events are folded in here
 * (no I/O), and the per-import exit codes come out here, so views and the command stay thin.
 */
import type { FetchedImport } from '../api/client.js';
import type { DataImport } from '../api/schema.js';
import { EXIT, QiError } from '../errors.js';
import { formatPercent } from '../format/number.js';
import { formatDuration } from '../format/time.js';
import { exitCodeForOutcome, hasError, importOutcome } from '../model/outcome.js';
import { observeTrend, type Trend } from '../model/watch-progress.js';
import type { PollEvent } from './poll.js';

export type ImportEnd =
  | { kind: 'finished'; at: number }
  | { kind: 'failed'; at: number; error: QiError }
  | { kind: 'timeout'; at: number }
  /** Stopped by --fail-fast (another table reported an error) while still running. */
  | { kind: 'stopped'; at: number };

export interface TableTrends {
  percent?: Trend;
  records?: Trend;
}

/** A run of transient failures, shown until the next good answer. */
export interface Trouble {
  reason: string;
  since: number;
  attempt: number;
  retryAt: number;
  retryAfter: boolean;
  /** The server asked for longer than the cap, which set the wait. */
  retryAfterAskedMs?: number;
}

export interface ImportWatch {
  id: string;
  /** Bumped by every event about the import: a view may keep what it drew of it until this changes. */
  revision?: number;
  latest?: FetchedImport;
  /** The document before `latest`, to tell what changed. */
  previous?: DataImport;
  lastChangeAt?: number;
  lastCheckedAt?: number;
  nextCheckAt?: number;
  percent?: Trend;
  tables: Map<string, TableTrends>;
  trouble?: Trouble;
  end?: ImportEnd;
}

export interface WatchState {
  startedAt: number;
  imports: ImportWatch[];
}

export function createWatchState(ids: readonly string[], startedAt: number): WatchState {
  return { startedAt, imports: ids.map((id) => ({ id, tables: new Map() })) };
}

/** Folds one poll event into the state (mutating it) and returns the import it was about. */
export function applyPollEvent(state: WatchState, event: PollEvent): ImportWatch {
  const watch = state.imports.find((candidate) => candidate.id === event.id);
  if (!watch) throw new Error(`poll event for an import not being watched: ${event.id}`);
  watch.revision = (watch.revision ?? 0) + 1;
  switch (event.type) {
    case 'snapshot': {
      const dataImport = event.fetched.document.data_import;
      const superseded = watch.latest;
      watch.previous = superseded?.document.data_import;
      watch.latest = event.fetched;
      // Only the previous answer's counts are compared, never its rows: its spool can go now.
      if (superseded !== event.fetched) superseded?.release?.();
      watch.lastCheckedAt = event.at;
      if (event.changed) watch.lastChangeAt = event.at;
      watch.trouble = undefined;
      watch.nextCheckAt = event.nextPollInMs === undefined ? undefined : event.at + event.nextPollInMs;
      watch.percent = observeTrend(watch.percent, dataImport.progress, event.at);
      for (const table of dataImport.data_tables_details) {
        const trends = watch.tables.get(table.data_table_key) ?? {};
        trends.percent = observeTrend(trends.percent, table.progress, event.at);
        trends.records = observeTrend(trends.records, table.number_of_records, event.at);
        watch.tables.set(table.data_table_key, trends);
      }
      if (event.finished) watch.end = { kind: 'finished', at: event.at };
      break;
    }
    case 'retry':
      watch.lastCheckedAt = event.at;
      watch.nextCheckAt = event.at + event.delayMs;
      watch.trouble = {
        reason: event.error.extra.reason ?? event.error.message,
        since: event.at - event.failingForMs,
        attempt: event.attempt,
        retryAt: event.at + event.delayMs,
        retryAfter: event.retryAfter,
        ...(event.retryAfterAskedMs === undefined ? {} : { retryAfterAskedMs: event.retryAfterAskedMs }),
      };
      break;
    case 'failed':
      watch.nextCheckAt = undefined;
      watch.end = { kind: 'failed', at: event.at, error: event.error };
      break;
    case 'timeout':
      watch.nextCheckAt = undefined;
      watch.end = { kind: 'timeout', at: event.at };
      break;
  }
  return watch;
}

export const allEnded = (state: WatchState): boolean =>
  state.imports.every((watch) => watch.end !== undefined);

/** Any data table of the latest answer carries an error (what --fail-fast stops on). */
export const tableErrorSeen = (watch: ImportWatch): boolean =>
  watch.latest?.document.data_import.data_tables_details.some(hasError) ?? false;

/** --fail-fast: every import still being watched ends here. */
export function stopRemaining(state: WatchState, at: number): void {
  for (const watch of state.imports) {
    if (!watch.end) {
      watch.end = { kind: 'stopped', at };
      watch.nextCheckAt = undefined;
    }
  }
}

/** "started, 42%", or "no answer yet": where an import stood at its last good answer. */
export function standing(watch: ImportWatch): string {
  const dataImport = watch.latest?.document.data_import;
  if (!dataImport) return 'no answer yet';
  return `${dataImport.status}, ${formatPercent(dataImport.progress)}`;
}

/** One import's exit code per the contract, with the error that set it when there is one. */
export function importResult(watch: ImportWatch, timeoutMs?: number): { exitCode: number; error?: QiError } {
  const end = watch.end;
  const dataImport = watch.latest?.document.data_import;
  if (end?.kind === 'failed') return { exitCode: end.error.exitCode, error: end.error };
  if (end?.kind === 'timeout') {
    const ranFor = timeoutMs === undefined ? '' : ` after ${formatDuration(timeoutMs)}`;
    return {
      exitCode: EXIT.timeout,
      error: new QiError(
        'timeout',
        `timed out${ranFor} waiting for import ${watch.id} (${standing(watch)})`,
        { importId: watch.id },
      ),
    };
  }
  if (!dataImport) return { exitCode: EXIT.running };
  // A table that reported an error fails the import, finished or not (that is what --fail-fast acts on).
  if (end?.kind === 'stopped') return { exitCode: tableErrorSeen(watch) ? EXIT.failed : EXIT.running };
  return { exitCode: exitCodeForOutcome(importOutcome(dataImport)) };
}
