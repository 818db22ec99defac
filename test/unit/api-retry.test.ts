// Retry arithmetic: exponential backoff with jitter, and Retry-After in both its forms.
import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../src/api/retry.js';

const NOW = Date.parse('2024-06-25T10:20:00Z');

describe('backoffDelay', () => {
  it.each([
    [1, 500, 1_000],
    [2, 1_000, 2_000],
    [3, 2_000, 4_000],
    [4, 4_000, 8_000],
    [5, 8_000, 16_000],
    [6, 8_000, 16_000],
    [30, 8_000, 16_000],
  ])('attempt %i waits between %i and %i ms', (attempt, low, high) => {
    expect(backoffDelay(attempt, 1_000, 16_000, () => 0)).toBe(low);
    expect(backoffDelay(attempt, 1_000, 16_000, () => 0.999999)).toBe(high);
    const middle = backoffDelay(attempt, 1_000, 16_000, () => 0.5);
    expect(middle).toBeGreaterThan(low);
    expect(middle).toBeLessThan(high);
  });

  it('treats attempt 0 or less like the first', () => {
    expect(backoffDelay(0, 1_000, 16_000, () => 0)).toBe(500);
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['7', 7_000],
    [' 12 ', 12_000],
    ['1.5', 1_500],
    ['60', 60_000],
    ['61', MAX_RETRY_AFTER_MS],
    ['3600', MAX_RETRY_AFTER_MS],
  ])('seconds %j → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter('Tue, 25 Jun 2024 10:20:05 GMT', NOW)).toBe(5_000);
  });

  it('caps a far-away date and floors a past one at 0', () => {
    expect(parseRetryAfter(new Date(NOW + 3_600_000).toUTCString(), NOW)).toBe(60_000);
    expect(parseRetryAfter(new Date(NOW - 3_600_000).toUTCString(), NOW)).toBe(0);
  });

  it('uses the first of repeated headers', () => {
    expect(parseRetryAfter(['3', '50'], NOW)).toBe(3_000);
  });

  it.each([undefined, '', 'soon', 'Mon, 99 Foo 2024'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});
