/** Timing facts: how long an import queued and ran, in milliseconds, from the API's timestamps. */
import type { DataImport } from '../api/schema.js';

export interface ImportTimes {
  createdAt?: number;
  launchedAt?: number;
  finishedAt?: number;
  /** launched − created, or now − created while still scheduled. */
  queuedMs?: number;
  /** finished − launched, or now − launched while running. */
  ranMs?: number;
}

export function parseTimestamp(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function importTimes(dataImport: DataImport, now: number): ImportTimes {
  const createdAt = parseTimestamp(dataImport.created_at);
  const launchedAt = parseTimestamp(dataImport.launched_at);
  const finishedAt = parseTimestamp(dataImport.finished_at);
  const times: ImportTimes = {};
  if (createdAt !== undefined) times.createdAt = createdAt;
  if (launchedAt !== undefined) times.launchedAt = launchedAt;
  if (finishedAt !== undefined) times.finishedAt = finishedAt;
  if (createdAt !== undefined) times.queuedMs = nonNegative((launchedAt ?? now) - createdAt);
  if (launchedAt !== undefined) times.ranMs = nonNegative((finishedAt ?? now) - launchedAt);
  return times;
}

// Clocks disagree (ours vs Qobra's): never show a negative duration.
const nonNegative = (ms: number): number => Math.max(0, ms);
