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

/** "850ms", "12s", "4m 55s", "2h 05m", "3d 04h": two units at most, as people read them. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${pad(seconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${pad(minutes % 60)}m`;
  return `${Math.floor(hours / 24)}d ${pad(hours % 24)}h`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** "2024-06-25 10:03:27 UTC": times are shown in UTC, the zone the API speaks. */
export function formatTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
