/**
 * Rate, ETA and "has it stalled" from the values a watch has seen so far. Pure: a Trend is a small
 * record of one numeric series (a percentage or a record count) updated at each look-up.
 */

export interface Trend {
  /** Where the rate is measured from: the last look-up before the value first moved. */
  originAt: number;
  originValue: number;
  /** The latest look-up, moved or not (so a stalled series' rate decays instead of freezing). */
  lastAt: number;
  lastValue: number;
  /** When the value last changed, or was first seen. */
  lastMoveAt: number;
  moved: boolean;
}

/** Folds one look-up into a trend; null/undefined values (not reported yet) leave it unchanged. */
export function observeTrend(
  trend: Trend | undefined,
  value: number | null | undefined,
  at: number,
): Trend | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return trend;
  // A value going backwards (a reset, or a table stacked onto the import) restarts the measurement.
  if (!trend || value < trend.lastValue) {
    return { originAt: at, originValue: value, lastAt: at, lastValue: value, lastMoveAt: at, moved: false };
  }
  if (value === trend.lastValue) {
    // Until it first moves, slide the origin forward: time spent queued is not part of the rate.
    return trend.moved ? { ...trend, lastAt: at } : { ...trend, originAt: at, lastAt: at };
  }
  return { ...trend, lastAt: at, lastValue: value, lastMoveAt: at, moved: true };
}

/** Units per millisecond, or undefined until the value has moved over a measurable time. */
export function trendRate(trend: Trend | undefined): number | undefined {
  if (!trend?.moved) return undefined;
  const elapsed = trend.lastAt - trend.originAt;
  if (elapsed <= 0) return undefined;
  return (trend.lastValue - trend.originValue) / elapsed;
}

/** Milliseconds left for a percentage trend to reach 100, at the rate seen so far. */
export function etaMs(percent: Trend | undefined): number | undefined {
  const rate = trendRate(percent);
  if (!percent || rate === undefined || rate <= 0) return undefined;
  const remaining = Math.max(0, 100 - percent.lastValue);
  return remaining / rate;
}

/** Progress standing still this long on an unfinished import earns a warning. */
export const STALL_AFTER_MS = 120_000;

/** How long nothing has moved, when that is long enough to warn about; otherwise undefined. */
export function stalledForMs(
  lastChangeAt: number | undefined,
  now: number,
  thresholdMs = STALL_AFTER_MS,
): number | undefined {
  if (lastChangeAt === undefined) return undefined;
  const still = now - lastChangeAt;
  return still >= thresholdMs ? still : undefined;
}

/** Has this series moved before, but stood still for `thresholdMs` by `now`? */
export function trendStalled(trend: Trend | undefined, now: number, thresholdMs = STALL_AFTER_MS): boolean {
  return trend !== undefined && stalledForMs(trend.lastMoveAt, now, thresholdMs) !== undefined;
}

/**
 * The rate to show: none before the series first moved between two look-ups, and none once it has
 * stood still for a while (an old rate decaying towards zero would promise progress that stopped).
 */
export function liveRate(trend: Trend | undefined, now: number): number | undefined {
  return trendStalled(trend, now) ? undefined : trendRate(trend);
}

/** The ETA to show for one series, on the same terms as `liveRate`. */
export function liveEtaMs(percent: Trend | undefined, now: number): number | undefined {
  return trendStalled(percent, now) ? undefined : etaMs(percent);
}

/**
 * An import's ETA: never shorter than its slowest running table's (the import's own percentage can
 * race ahead while one big table lags), and none while a running table has stalled, since nothing
 * then says when it will resume.
 */
export function importEtaMs(
  percent: Trend | undefined,
  runningTables: readonly (Trend | undefined)[],
  now: number,
): number | undefined {
  const own = liveEtaMs(percent, now);
  if (own === undefined) return undefined;
  let slowest = own;
  for (const table of runningTables) {
    if (trendStalled(table, now)) return undefined;
    slowest = Math.max(slowest, liveEtaMs(table, now) ?? 0);
  }
  return slowest;
}
