// Inputs that would hammer the API, overflow a timer, or reach another route are refused up front.
import { describe, expect, it } from 'vitest';
import { checkImportId } from '../../src/api/import-id.js';
import { MAX_SECONDS, parseDuration, parseInterval, parseSeconds } from '../../src/cli/parsers.js';
import { MIN_INTERVAL_MS, pollDelay } from '../../src/watch/cadence.js';

describe('bounds', () => {
  it.each(['.', '..'])('refuses %j as an import id (URL parsing would resolve it to another route)', (id) => {
    expect(() => checkImportId(id)).toThrow(expect.objectContaining({ code: 'usage' }));
  });

  it('keeps ids that merely contain dots', () => {
    expect(checkImportId('...')).toBe('...');
    expect(checkImportId('a.b')).toBe('a.b');
  });

  it.each(['0.1', '2', '86400'])('accepts --interval %s', (value) => {
    expect(parseInterval(value)).toBe(Number(value));
  });

  it.each(['0', '0.0001', '0.09', '86401', '3000000'])('refuses --interval %s', (value) => {
    expect(() => parseInterval(value)).toThrow(/between 0.1 and 86400/);
  });

  it('refuses seconds and durations that would overflow a timer', () => {
    expect(parseSeconds(String(MAX_SECONDS))).toBe(MAX_SECONDS);
    expect(() => parseSeconds(String(MAX_SECONDS + 1))).toThrow(/up to/);
    expect(() => parseSeconds('3000000')).toThrow(/up to/);
    expect(() => parseDuration('30d')).toThrow(/at most/);
    expect(parseDuration('24d')).toBe(24 * 86_400_000);
  });

  it('never polls faster than the floor, even when handed a zero interval', () => {
    expect(pollDelay(0, 0, 30_000, () => 0.5)).toBe(MIN_INTERVAL_MS);
    expect(pollDelay(0, 5, 30_000, () => 0)).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
  });
});
