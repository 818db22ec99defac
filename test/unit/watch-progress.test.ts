import { describe, expect, it } from 'vitest';
import { formatPercentRate, formatRecordRate } from '../../src/format/number.js';
import {
  etaMs,
  importEtaMs,
  liveEtaMs,
  liveRate,
  observeTrend,
  STALL_AFTER_MS,
  stalledForMs,
  type Trend,
  trendRate,
} from '../../src/model/watch-progress.js';

const fold = (samples: [at: number, value: number | null][]): Trend | undefined =>
  samples.reduce<Trend | undefined>((trend, [at, value]) => observeTrend(trend, value, at), undefined);

describe('observeTrend / trendRate', () => {
  it('has no rate until the value moves', () => {
    expect(trendRate(fold([[0, 10]]))).toBeUndefined();
    expect(
      trendRate(
        fold([
          [0, 10],
          [5000, 10],
        ]),
      ),
    ).toBeUndefined();
  });

  it('measures from the last look before the first move, so queued time does not count', () => {
    // Stood at 0% for a minute (queued), then 0 → 30% in 10 s.
    const trend = fold([
      [0, 0],
      [60_000, 0],
      [70_000, 30],
    ]);
    expect(trendRate(trend)).toBeCloseTo(30 / 10_000);
  });

  it('keeps measuring over every look after that, so a slowdown lowers the rate', () => {
    const trend = fold([
      [0, 0],
      [10_000, 30],
      [20_000, 30],
      [30_000, 30],
    ]);
    expect(trendRate(trend)).toBeCloseTo(30 / 30_000);
    expect(trend?.lastMoveAt).toBe(10_000);
  });

  it('ignores looks without a value, and restarts when the value goes backwards', () => {
    expect(
      fold([
        [0, 10],
        [1000, null],
        [2000, 20],
      ])?.originAt,
    ).toBe(0);
    const reset = fold([
      [0, 50],
      [1000, 60],
      [2000, 5],
    ]);
    expect(reset).toMatchObject({ originAt: 2000, originValue: 5, moved: false });
    expect(trendRate(reset)).toBeUndefined();
  });
});

describe('etaMs', () => {
  it('projects the rate seen so far onto what is left', () => {
    // 20% in 10 s, at 40%: 60% left is 30 s.
    expect(
      etaMs(
        fold([
          [0, 20],
          [10_000, 40],
        ]),
      ),
    ).toBeCloseTo(30_000);
  });

  it('is unknown without movement', () => {
    expect(
      etaMs(
        fold([
          [0, 40],
          [10_000, 40],
        ]),
      ),
    ).toBeUndefined();
    expect(etaMs(undefined)).toBeUndefined();
  });
});

describe('stalledForMs', () => {
  it('reports only once nothing has changed for the threshold', () => {
    expect(stalledForMs(0, STALL_AFTER_MS - 1)).toBeUndefined();
    expect(stalledForMs(0, STALL_AFTER_MS)).toBe(STALL_AFTER_MS);
    expect(stalledForMs(undefined, 10 ** 9)).toBeUndefined();
  });
});

describe('rate formatting', () => {
  it.each([
    [35 / 1000, '35 rec/s'],
    [2.5 / 1000, '2.5 rec/s'],
    [12 / 60_000, '12 rec/min'],
    [0.1 / 60_000, '<1 rec/min'],
    [1234 / 1000, '1,234 rec/s'],
  ])('records %f/ms → %s', (rate, text) => expect(formatRecordRate(rate)).toBe(text));

  it.each([
    [1.2 / 60_000, '1.2%/min'],
    [35 / 60_000, '35%/min'],
    [2.5 / 1000, '2.5%/s'],
    [15 / 1000, '15%/s'],
  ])('percent %f/ms → %s', (rate, text) => expect(formatPercentRate(rate)).toBe(text));
});

describe('liveRate / liveEtaMs', () => {
  const moved = fold([
    [0, 10],
    [10_000, 20],
  ]);

  it('gives nothing from a single look, however far it is from 0', () => {
    expect(liveRate(fold([[0, 50]]), 1000)).toBeUndefined();
    expect(liveEtaMs(fold([[0, 50]]), 1000)).toBeUndefined();
  });

  it('gives the rate while the series keeps moving, and nothing once it has stood still a while', () => {
    expect(liveRate(moved, 10_000 + STALL_AFTER_MS - 1)).toBeCloseTo(1 / 1000);
    expect(liveEtaMs(moved, 10_000 + STALL_AFTER_MS - 1)).toBeCloseTo(80_000);
    expect(liveRate(moved, 10_000 + STALL_AFTER_MS)).toBeUndefined();
    expect(liveEtaMs(moved, 10_000 + STALL_AFTER_MS)).toBeUndefined();
  });
});

describe('importEtaMs', () => {
  const series = (from: number, to: number) =>
    fold([
      [0, from],
      [10_000, to],
    ]);

  it('is never shorter than the slowest running table', () => {
    // The import says 60% left at 2%/s (30 s); one table has 90% left at 1%/s (90 s).
    expect(importEtaMs(series(20, 40), [series(50, 100), series(0, 10)], 10_000)).toBeCloseTo(90_000);
  });

  it('keeps its own ETA when every table is faster', () => {
    expect(importEtaMs(series(20, 40), [series(0, 90)], 10_000)).toBeCloseTo(30_000);
  });

  it('is unknown while a running table has stalled, or before the import moved', () => {
    const stalledTable = series(0, 10);
    const importMoving = fold([
      [0, 20],
      [STALL_AFTER_MS + 20_000, 40],
    ]);
    expect(importEtaMs(importMoving, [stalledTable], STALL_AFTER_MS + 20_000)).toBeUndefined();
    expect(importEtaMs(fold([[0, 20]]), [series(0, 10)], 10_000)).toBeUndefined();
  });
});
