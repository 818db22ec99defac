// One politeness for the run: a pause asked by one answer holds every caller, and only for its length.
import { describe, expect, it } from 'vitest';
import { createPauseGate, slowDownMs } from '../../src/api/pause-gate.js';

/** A clock that only moves when someone sleeps, recording each sleep. */
function fakeClock(start = 1_000) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms: number, signal?: AbortSignal) {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('createPauseGate', () => {
  it('lets callers through at once when no pause was asked for', async () => {
    const clock = fakeClock();
    const gate = createPauseGate(clock);
    await gate.wait();
    expect(clock.sleeps).toEqual([]);
    expect(gate.until).toBe(0);
  });

  it('holds every caller until the pause ends, then lets them through', async () => {
    const clock = fakeClock();
    const gate = createPauseGate(clock);
    gate.pauseFor(1_000);
    clock.advance(300);
    await gate.wait();
    expect(clock.sleeps).toEqual([700]);
    expect(clock.now()).toBe(2_000);
    await gate.wait();
    expect(clock.sleeps).toEqual([700]);
  });

  it('keeps the longer of two pauses, and ignores zero or negative ones', () => {
    const clock = fakeClock();
    const gate = createPauseGate(clock);
    gate.pauseFor(5_000);
    gate.pauseFor(1_000);
    gate.pauseFor(0);
    gate.pauseFor(-3);
    expect(gate.until).toBe(6_000);
    gate.pauseFor(8_000);
    expect(gate.until).toBe(9_000);
  });

  it('waits again when the pause is lengthened while a caller sleeps', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const gate = createPauseGate({
      now: () => now,
      async sleep(ms) {
        sleeps.push(ms);
        now += ms;
        if (sleeps.length === 1) gate.pauseFor(500);
      },
    });
    gate.pauseFor(1_000);
    await gate.wait();
    expect(sleeps).toEqual([1_000, 500]);
  });

  it('rejects with the reason when the signal aborts', async () => {
    const gate = createPauseGate({ now: () => 0, sleep: () => Promise.resolve() });
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(gate.wait(controller.signal)).rejects.toThrow('stop');
  });
});

describe('slowDownMs', () => {
  it('obeys Retry-After on any status, pauses a bare 429 for the base, and nothing else', () => {
    expect(slowDownMs({ status: 503, retryAfterMs: 2_000 }, 1_000)).toBe(2_000);
    expect(slowDownMs({ status: 429 }, 1_000)).toBe(1_000);
    expect(slowDownMs({ status: 503 }, 1_000)).toBe(0);
    expect(slowDownMs({}, 1_000)).toBe(0);
  });
});
