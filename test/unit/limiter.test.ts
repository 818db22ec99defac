// One cap on work in flight: tasks wait their turn in order, a failure or an abort frees its place,
// and any number of callers sharing one limiter share one cap.
import { describe, expect, it, vi } from 'vitest';
import { createLimiter, type Limiter } from '../../src/util/limiter.js';

/** Every item through the one limiter, results in input order (what status does with its ids). */
const runAll = <T, R>(limiter: Limiter, items: readonly T[], task: (item: T) => Promise<R>): Promise<R>[] =>
  items.map((item) => limiter.run(() => task(item)));

const tick = (ms = 2) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createLimiter', () => {
  it('keeps input order whatever the completion order', async () => {
    const delays = [30, 5, 20, 1, 10];
    const results = runAll(
      createLimiter(2),
      delays,
      (ms) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms)),
    );
    expect(await Promise.all(results)).toEqual(delays);
  });

  it('never runs more than the bound at once, and runs them all', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = runAll(createLimiter(3), [1, 2, 3, 4, 5, 6, 7], async (n) => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      return n * 10;
    });
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a failure frees its slot and rejects only its own promise', async () => {
    const results = runAll(createLimiter(1), ['ok', 'bad', 'ok2'], async (s) => {
      if (s === 'bad') throw new Error('nope');
      return s;
    });
    await expect(results[0]).resolves.toBe('ok');
    await expect(results[1]).rejects.toThrow('nope');
    await expect(results[2]).resolves.toBe('ok2');
  });

  it('is one cap for every caller that shares it', async () => {
    const limiter = createLimiter(4);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await tick(1);
      running--;
    };
    // Like status look-ups and 50 watch pollers, each asking again as soon as it is answered.
    const poller = async () => {
      for (let round = 0; round < 3; round++) await limiter.run(task);
    };
    await Promise.all([...runAll(limiter, [1, 2, 3, 4, 5, 6], task), ...Array.from({ length: 50 }, poller)]);
    expect(peak).toBe(4);
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it('serves first come, first served: a freed slot goes to the one waiting longest', async () => {
    const limiter = createLimiter(1);
    const order: string[] = [];
    const step = (name: string) => limiter.run(async () => void order.push(name));
    const first = limiter.run(async () => {
      await tick();
      order.push('first');
    });
    const waiting = step('waiting');
    await first;
    await Promise.all([waiting, step('newcomer')]);
    expect(order).toEqual(['first', 'waiting', 'newcomer']);
  });

  it('a waiter whose signal aborts never starts, rejects with the reason, and leaves the queue', async () => {
    const limiter = createLimiter(1);
    let release!: () => void;
    const holder = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const started: string[] = [];
    const cancelled = limiter.run(async () => void started.push('cancelled'), controller.signal);
    const next = limiter.run(async () => void started.push('next'));
    expect(limiter.waiting).toBe(2);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(cancelled).rejects.toBe(reason);
    expect(limiter.waiting).toBe(1);
    release();
    await Promise.all([holder, next]);
    expect(started).toEqual(['next']);
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });

  it('an already aborted signal rejects at once, without taking a slot', async () => {
    const limiter = createLimiter(1);
    const reason = new Error('gone');
    const task = vi.fn(async () => 1);
    await expect(limiter.run(task, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(task).not.toHaveBeenCalled();
    expect(limiter.active).toBe(0);
  });

  it('listens to a shared signal once, however many wait on it, and lets go of it', async () => {
    const limiter = createLimiter(1);
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const results = runAll(
      limiter,
      Array.from({ length: 50 }, (_, i) => i),
      async (n) => n,
    );
    const withSignal = Array.from({ length: 50 }, (_, i) => limiter.run(async () => i, controller.signal));
    await Promise.all([...results, ...withSignal]);
    expect(add).toHaveBeenCalledTimes(1);
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it('frees the slot of a task that throws before returning a promise', async () => {
    const limiter = createLimiter(1);
    await expect(
      limiter.run(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    await expect(limiter.run(async () => 'after')).resolves.toBe('after');
  });

  it('refuses a cap below one', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
