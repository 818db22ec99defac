import { describe, expect, it } from 'vitest';
import {
  CLEAN_END_MS,
  CLEAN_LAUNCH_MS,
  cleanPlan,
  FAILING_PROGRESS_ERROR_MS,
  FAILING_PROGRESS_ROWS,
  failingProgressPlan,
  SCENARIO_IDS,
  STUCK_LAUNCH_MS,
  STUCK_PROGRESS,
  stuckPlan,
} from '../../src/sandbox/plans.js';
import { importAt, isoSeconds, liveClock, pastClock, planEndMs } from '../../src/sandbox/timeline.js';

const START = Date.parse('2024-06-25T10:00:00Z');
const clock = liveClock({ startedAt: START, timeScale: 1 });
const clean = cleanPlan(SCENARIO_IDS.clean);

describe('isoSeconds', () => {
  it('formats like the documented timestamps, without milliseconds', () => {
    expect(isoSeconds(Date.parse('2024-06-25T09:58:32.987Z'))).toBe('2024-06-25T09:58:32Z');
  });
});

describe('clocks', () => {
  it('live clocks run timeScale times faster than the wall clock', () => {
    expect(liveClock({ startedAt: START, timeScale: 10 })(20_000)).toBe('2024-06-25T10:00:02Z');
  });
  it('past clocks place a finished import before the first request, at real speed', () => {
    expect(pastClock({ startedAt: START }, 60_000)(30_000)).toBe('2024-06-25T09:59:30Z');
  });
});

describe('the clean timeline', () => {
  it.each([
    [0, 'scheduled'],
    [CLEAN_LAUNCH_MS - 1, 'scheduled'],
    [CLEAN_LAUNCH_MS, 'started'],
    [CLEAN_END_MS - 1, 'started'],
    [CLEAN_END_MS, 'finished'],
    [Number.POSITIVE_INFINITY, 'finished'],
  ])('at %s ms the import is %s', (elapsed, status) => {
    expect(importAt(clean, elapsed, clock).status).toBe(status);
  });

  it('sets launched_at and finished_at only once they happened', () => {
    expect(importAt(clean, 0, clock)).toMatchObject({
      created_at: '2024-06-25T10:00:00Z',
      launched_at: null,
      finished_at: null,
      progress: 0,
    });
    expect(importAt(clean, 5_000, clock)).toMatchObject({
      launched_at: '2024-06-25T10:00:03Z',
      finished_at: null,
    });
    expect(importAt(clean, 25_000, clock)).toMatchObject({
      launched_at: '2024-06-25T10:00:03Z',
      finished_at: '2024-06-25T10:00:20Z',
      progress: 100,
    });
  });

  it('raises progress and record counts steadily, never to 100 before finishing', () => {
    let previous = importAt(clean, 0, clock);
    for (let elapsed = 250; elapsed <= CLEAN_END_MS + 1_000; elapsed += 250) {
      const current = importAt(clean, elapsed, clock);
      expect(current.progress).toBeGreaterThanOrEqual(previous.progress);
      if (current.status !== 'finished') expect(current.progress).toBeLessThan(100);
      current.data_tables_details.forEach((table, index) => {
        const before = previous.data_tables_details[index];
        expect(table.progress).toBeGreaterThanOrEqual(before?.progress ?? 0);
        expect(table.number_of_records ?? 0).toBeGreaterThanOrEqual(before?.number_of_records ?? 0);
      });
      previous = current;
    }
    expect(importAt(clean, 12_000, clock).progress).toBeGreaterThan(0);
  });

  it('starts and finishes tables at different moments', () => {
    const statuses = importAt(clean, 8_000, clock).data_tables_details.map((t) => [
      t.data_table_key,
      t.status,
    ]);
    expect(statuses).toEqual([
      ['companies', 'started'],
      ['opportunities', 'started'],
      ['users', 'finished'],
      ['targets', 'scheduled'],
    ]);
  });

  it('uses every documented table type and finishes without errors', () => {
    const done = importAt(clean, CLEAN_END_MS, clock);
    expect(new Set(done.data_tables_details.map((t) => t.type))).toEqual(
      new Set(['api', 'csv', 'integration']),
    );
    expect(done.data_tables_details.every((t) => t.error === null && t.progress === 100)).toBe(true);
  });

  it('keeps the documented key order', () => {
    const done = importAt(clean, CLEAN_END_MS, clock);
    expect(Object.keys(done)).toEqual([
      'id',
      'created_at',
      'launched_at',
      'finished_at',
      'status',
      'progress',
      'data_tables_details',
    ]);
    expect(Object.keys(done.data_tables_details[0] ?? {})).toEqual([
      'type',
      'status',
      'data_table_key',
      'progress',
      'number_of_records',
      'error',
    ]);
  });
});

describe('the stuck timeline', () => {
  const stuck = stuckPlan(SCENARIO_IDS.stuck);
  it('is scheduled briefly, then started at a fixed progress forever', () => {
    expect(importAt(stuck, STUCK_LAUNCH_MS - 1, clock).status).toBe('scheduled');
    for (const elapsed of [STUCK_LAUNCH_MS, 60_000, 3_600_000, 1e12]) {
      expect(importAt(stuck, elapsed, clock)).toMatchObject({
        status: 'started',
        progress: STUCK_PROGRESS,
        finished_at: null,
      });
    }
    expect(planEndMs(stuck)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('the failing-progress timeline', () => {
  const failing = failingProgressPlan(SCENARIO_IDS.failingProgress);
  it('shows no error until opportunities finishes with its rejected rows, before the import ends', () => {
    expect(
      importAt(failing, FAILING_PROGRESS_ERROR_MS - 1, clock).data_tables_details.every(
        (t) => t.error === null,
      ),
    ).toBe(true);
    const failed = importAt(failing, FAILING_PROGRESS_ERROR_MS, clock);
    expect(failed.status).toBe('started');
    const opportunities = failed.data_tables_details.find((t) => t.data_table_key === 'opportunities');
    expect(opportunities?.error?.title).toBe('ParsingError');
    expect(opportunities?.error?.parsing_error_details).toHaveLength(FAILING_PROGRESS_ROWS);
    expect(importAt(failing, 16_000, clock).status).toBe('finished');
  });
});
