/**
 * One line of the history: an import id, when it was looked up and what it said then. Ids and
 * counts only: never the key, never row data.
 */
import type { DataImport } from '../api/schema.js';
import { importOutcome, type Outcome, totalRejectedRows } from '../model/outcome.js';

export interface HistoryEntry {
  id: string;
  /** When it was looked up, ISO 8601 UTC. */
  at: string;
  /** The import's status as the API sent it (possibly a value the docs do not list). */
  status: string;
  outcome: Outcome;
  tables: number;
  rejected: number;
}

const OUTCOMES: readonly string[] = ['succeeded', 'failed', 'running'];
/** A status longer than this is not worth keeping whole (it only labels a line in `list`). */
const MAX_STATUS = 64;

export function entryOf(dataImport: DataImport, id: string, at: number): HistoryEntry {
  return {
    id,
    at: new Date(at).toISOString(),
    status: dataImport.status.slice(0, MAX_STATUS),
    outcome: importOutcome(dataImport),
    tables: dataImport.data_tables_details.length,
    rejected: totalRejectedRows(dataImport),
  };
}

/** One line → an entry, or undefined for a damaged line (torn, edited, from a future version). */
export function parseEntry(line: string): HistoryEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { id, at, status, outcome, tables, rejected } = value as Record<string, unknown>;
  const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (typeof id !== 'string' || !id || id.length > 128) return undefined;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
  if (typeof status !== 'string' || typeof outcome !== 'string' || !OUTCOMES.includes(outcome))
    return undefined;
  if (!count(tables) || !count(rejected)) return undefined;
  return { id, at, status, outcome: outcome as Outcome, tables, rejected };
}

/** Each id once, its latest entry (by time, then by position), newest first, at most `limit`. */
export function latestPerId(
  entries: readonly HistoryEntry[],
  limit = Number.POSITIVE_INFINITY,
): HistoryEntry[] {
  const latest = new Map<string, { entry: HistoryEntry; order: number }>();
  entries.forEach((entry, order) => {
    const seen = latest.get(entry.id);
    if (!seen || Date.parse(entry.at) >= Date.parse(seen.entry.at)) latest.set(entry.id, { entry, order });
  });
  return [...latest.values()]
    .sort((a, b) => Date.parse(b.entry.at) - Date.parse(a.entry.at) || b.order - a.order)
    .slice(0, limit)
    .map((item) => item.entry);
}
