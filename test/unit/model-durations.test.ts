// How long an import queued and ran, from its timestamps and the clock, and how durations read.
import { describe, expect, it } from 'vitest';
import type { DataImport } from '../../src/api/schema.js';
import { formatDuration, formatTimestamp } from '../../src/format/time.js';
import { importTimes, parseTimestamp } from '../../src/model/durations.js';
import { documentedExample } from '../helpers/documented-example.js';

const FIXTURE: DataImport = documentedExample().document.data_import;
const NOW = Date.parse('2024-06-25T10:20:00Z');
const at = (iso: string) => Date.parse(iso);

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1_000, '1s'],
    [12_400, '12s'],
    [59_999, '59s'],
    [60_000, '1m 00s'],
    [295_000, '4m 55s'],
    [645_000, '10m 45s'],
    [3_600_000, '1h 00m'],
    [7_500_000, '2h 05m'],
    [86_400_000, '1d 00h'],
    [273_600_000, '3d 04h'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('importTimes', () => {
  it('measures queued and ran for a finished import', () => {
    const times = importTimes(FIXTURE, NOW);
    expect(times).toEqual({
      createdAt: at('2024-06-25T09:58:32Z'),
      launchedAt: at('2024-06-25T10:03:27Z'),
      finishedAt: at('2024-06-25T10:14:12Z'),
      queuedMs: 295_000,
      ranMs: 645_000,
    });
    expect(formatDuration(times.queuedMs!)).toBe('4m 55s');
    expect(formatDuration(times.ranMs!)).toBe('10m 45s');
  });

  it('measures up to now while running or queued', () => {
    expect(importTimes({ ...FIXTURE, finished_at: null }, NOW).ranMs).toBe(NOW - at('2024-06-25T10:03:27Z'));
    const queued = importTimes({ ...FIXTURE, launched_at: null, finished_at: null }, NOW);
    expect(queued).toEqual({
      createdAt: at('2024-06-25T09:58:32Z'),
      queuedMs: NOW - at('2024-06-25T09:58:32Z'),
    });
  });

  it('never shows a negative duration when clocks disagree', () => {
    expect(
      importTimes({ ...FIXTURE, launched_at: null, finished_at: null }, at('2024-06-25T09:00:00Z')).queuedMs,
    ).toBe(0);
  });

  it('ignores missing and unparsable timestamps', () => {
    expect(
      importTimes({ ...FIXTURE, created_at: 'yesterday', launched_at: undefined, finished_at: '' }, NOW),
    ).toEqual({});
    expect(parseTimestamp(null)).toBeUndefined();
    expect(formatTimestamp(at('2024-06-25T10:03:27.900Z'))).toBe('2024-06-25 10:03:27 UTC');
  });
});
