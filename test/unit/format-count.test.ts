// Counts are grouped by hand (no ICU object on the live views' path), exactly as en-US groups them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/format/number.js';

const enUS = new Intl.NumberFormat('en-US');

describe('formatCount', () => {
  it('groups every safe integer as Intl en-US does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100_000, max: 100_000 })), (count) => {
        expect(formatCount(count)).toBe(enUS.format(count));
      }),
      { numRuns: 2_000 },
    );
    for (const count of [0, -0, 999, 1_000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER])
      expect(formatCount(count)).toBe(enUS.format(count));
  });

  it('anything else (a fraction, past 2^53) still reads as en-US reads it', () => {
    for (const value of [1234.5678, 2 ** 60, -0.5]) expect(formatCount(value)).toBe(enUS.format(value));
  });
});
