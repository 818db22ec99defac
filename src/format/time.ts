/** Durations and moments in words people read, and in the forms logs and flags expect. */

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

/** "2024-06-25T10:20:05Z": sortable, unambiguous, what CI logs are grepped for. */
export const logTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Seconds-precision clock for a live view ("850ms" would flicker). */
export const clock = (ms: number): string => (ms < 1000 ? '0s' : formatDuration(ms));

/** Time still to wait, rounded up: "in 0s" would be wrong while anything is left. */
export const countdown = (ms: number): string =>
  ms <= 0 ? '0s' : formatDuration(Math.ceil(ms / 1000) * 1000);

/** 5_400_000 → "1h30m", 90_000 → "1m30s", 1_500 → "1.5s": what `--timeout` parses back. */
export function formatFlagDuration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const parts = [
    hours ? `${hours}h` : '',
    minutes ? `${minutes}m` : '',
    seconds ? `${Number(seconds.toFixed(3))}s` : '',
  ];
  return parts.join('') || '0s';
}
