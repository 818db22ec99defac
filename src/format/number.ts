/** Counts, percentages and rates in words people read. */

/** "1 row", "12,345 rows": every count grouped as formatCount groups it, so the same number reads the same everywhere. */
export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${formatCount(count)} ${count === 1 ? one : many}`;

// Built on first use, and only for what the grouping below does not cover: the first Intl object
// initialises ICU (~10-20 ms), which a count of rows or records should not cost.
let numberFormat: Intl.NumberFormat | undefined;

/** "12,345": digits grouped the same way whatever the machine's locale (as `en-US` groups them). */
export function formatCount(count: number): string {
  // Safe integers, which every count is: commas between groups of three, no ICU.
  if (Number.isSafeInteger(count)) {
    const digits = String(Math.abs(count));
    let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
    for (let at = grouped.length; at < digits.length; at += 3) grouped += `,${digits.slice(at, at + 3)}`;
    return count < 0 || Object.is(count, -0) ? `-${grouped}` : grouped;
  }
  numberFormat ??= new Intl.NumberFormat('en-US');
  return numberFormat.format(count);
}

/** "1 record", "12,345 records". */
export const formatRecords = (count: number): string =>
  `${formatCount(count)} ${count === 1 ? 'record' : 'records'}`;

/** Clamps to 0..100; null, NaN and other non-numbers count as unknown. */
export function clampPercent(percent: number | null | undefined): number | undefined {
  if (typeof percent !== 'number' || Number.isNaN(percent)) return undefined;
  return Math.min(100, Math.max(0, percent));
}

/** "42%", or "?" when unknown; whole numbers unless the API sent a fraction below 100. */
export function formatPercent(percent: number | null | undefined): string {
  const clamped = clampPercent(percent);
  if (clamped === undefined) return '?';
  if (Number.isInteger(clamped)) return `${clamped}%`;
  // Never round an unfinished 99.96 up to a finished-looking 100.0.
  return `${(Math.floor(clamped * 10) / 10).toFixed(1)}%`;
}

/** "35 rec/s", "2.5 rec/s", "12 rec/min": whichever unit gives a readable number. */
export function formatRecordRate(perMs: number): string {
  const perSecond = perMs * 1000;
  if (perSecond >= 10) return `${formatCount(Math.round(perSecond))} rec/s`;
  if (perSecond >= 1) return `${perSecond.toFixed(1)} rec/s`;
  const perMinute = Math.round(perSecond * 60);
  return perMinute >= 1 ? `${perMinute} rec/min` : '<1 rec/min';
}

/** "1.2%/min", "35%/min", or "2.5%/s" once it moves faster than a percent a second. */
export function formatPercentRate(perMs: number): string {
  const perMinute = perMs * 60_000;
  if (perMinute >= 60) {
    const perSecond = perMinute / 60;
    return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}%/s`;
  }
  return `${perMinute >= 10 ? Math.round(perMinute) : perMinute.toFixed(1)}%/min`;
}
