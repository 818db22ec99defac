// Per-import work runs a bounded number at a time, keeping results in input order.
import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/util/map-bounded.js';

describe('mapBounded', () => {
  it('keeps input order whatever the completion order', async () => {
    const delays = [30, 5, 20, 1, 10];
    const results = mapBounded(
      delays,
      2,
      (ms) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms)),
    );
    expect(await Promise.all(results)).toEqual(delays);
  });

  it('never runs more than the bound at once, and runs them all', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return n * 10;
    });
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a failure frees its slot and rejects only its own promise', async () => {
    const results = mapBounded(['ok', 'bad', 'ok2'], 1, async (s) => {
      if (s === 'bad') throw new Error('nope');
      return s;
    });
    await expect(results[0]).resolves.toBe('ok');
    await expect(results[1]).rejects.toThrow('nope');
    await expect(results[2]).resolves.toBe('ok2');
  });
});
