import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FetchedImport } from '../../src/api/client.js';
import { QiError } from '../../src/errors.js';
import {
  GIVE_UP_AFTER_MS,
  JITTER,
  MAX_INTERVAL_MS,
  pollDelay,
  retryDelay,
  UNANSWERED_ATTEMPTS,
} from '../../src/watch/cadence.js';
import { mergeAsync } from '../../src/watch/merge.js';
import { type PollEvent, type PollOptions, pollImport } from '../../src/watch/poll.js';
import type { Answer } from '../helpers/fake-api.js';
import {
  fetched,
  finished,
  ID,
  notFound,
  OTHER_ID,
  scriptedApi,
  unavailable,
} from '../helpers/watch-fixtures.js';

/** A poller runtime on a pinned clock: sleep advances it, nothing really waits. */
function fakeRuntime(steps: Record<string, Answer[]>, random = 0) {
  let clock = 0;
  const controller = new AbortController();
  const api = scriptedApi(steps);
  const slept: number[] = [];
  const requestTimes: number[] = [];
  return {
    api,
    slept,
    requestTimes,
    controller,
    runtime: {
      fetch: (id: string, signal: AbortSignal) => {
        requestTimes.push(clock);
        return api.fetchImportOnce(id, signal);
      },
      now: () => clock,
      sleep: async (ms: number, signal?: AbortSignal) => {
        if (signal?.aborted) throw signal.reason;
        slept.push(ms);
        clock += ms;
      },
      random: () => random,
      signal: controller.signal,
    },
  };
}

async function collect(events: AsyncIterable<PollEvent>, limit = 1000): Promise<PollEvent[]> {
  const seen: PollEvent[] = [];
  for await (const event of events) {
    seen.push(event);
    if (seen.length >= limit) throw new Error('the poller did not stop');
  }
  return seen;
}

const options = (extra: Partial<PollOptions> = {}): PollOptions => ({ intervalMs: 2000, ...extra });

describe('pollDelay', () => {
  it('uses the starting interval right after a change', () => {
    expect(pollDelay(2000, 0, MAX_INTERVAL_MS, () => 0.9)).toBe(2000);
  });

  it('grows by half each unchanged look-up, up to the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => pollDelay(2000, n, MAX_INTERVAL_MS, () => 0));
    expect(delays).toEqual([3000, 4500, 6750, 10125, 15188, 22781, 30000, 30000, 30000]);
  });

  it('stays within [1 - JITTER, 1] of the ceiling, never above the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, r) => {
          const ceiling = Math.min(MAX_INTERVAL_MS, 2000 * 1.5 ** n);
          const delay = pollDelay(2000, n, MAX_INTERVAL_MS, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * (1 - JITTER)));
          expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
        },
      ),
    );
  });

  it('never goes below a starting interval that is larger than the cap', () => {
    expect(pollDelay(60_000, 5, MAX_INTERVAL_MS, () => 0)).toBe(60_000);
  });
});

describe('retryDelay', () => {
  it('backs off exponentially with equal jitter', () => {
    expect(retryDelay(1, 2000, MAX_INTERVAL_MS, () => 0)).toBe(1000);
    expect(retryDelay(1, 2000, MAX_INTERVAL_MS, () => 1)).toBe(2000);
    expect(retryDelay(3, 2000, MAX_INTERVAL_MS, () => 1)).toBe(8000);
    expect(retryDelay(10, 2000, MAX_INTERVAL_MS, () => 1)).toBe(30_000);
  });

  it('never retries sooner than Retry-After asks, nor sooner than its own backoff', () => {
    expect(retryDelay(1, 2000, MAX_INTERVAL_MS, () => 0, 10_000)).toBe(10_000);
    expect(retryDelay(4, 2000, MAX_INTERVAL_MS, () => 1, 1_000)).toBe(16_000);
  });

  it('lands the last attempt on the give-up mark', () => {
    expect(retryDelay(8, 2000, MAX_INTERVAL_MS, () => 1, undefined, 4_000)).toBe(4_000);
  });

  it('has a floor of one second for very short intervals', () => {
    expect(retryDelay(1, 100, MAX_INTERVAL_MS, () => 1)).toBe(1000);
  });
});

describe('pollImport', () => {
  it('backs off while nothing changes and returns to the starting interval on a change', async () => {
    const a = fetched({ progress: 10 });
    const b = fetched({ progress: 20 });
    const { runtime, slept } = fakeRuntime({ [ID]: [a, a, a, b, b, finished()] });
    const events = await collect(pollImport(ID, options(), runtime));
    expect(events.map((e) => e.type === 'snapshot' && e.changed)).toEqual([
      true,
      false,
      false,
      true,
      false,
      true,
    ]);
    expect(slept).toEqual([2000, 3000, 4500, 2000, 3000]);
    expect(events.at(-1)).toMatchObject({ type: 'snapshot', finished: true });
    expect(events.at(-1)).not.toHaveProperty('nextPollInMs');
  });

  it('stops after one look-up when the import is already finished', async () => {
    const { runtime, slept, api } = fakeRuntime({ [ID]: [finished()] });
    const events = await collect(pollImport(ID, options(), runtime));
    expect(events).toHaveLength(1);
    expect(api.calls).toHaveLength(1);
    expect(slept).toEqual([]);
  });

  it('keeps polling an unknown status (it is not finished)', async () => {
    const { runtime, api } = fakeRuntime({
      [ID]: [fetched({ status: 'paused' }), fetched({ status: 'paused' }), finished()],
    });
    await collect(pollImport(ID, options(), runtime));
    expect(api.calls).toHaveLength(3);
  });

  it('retries transient failures with backoff, reports them, and says when they ended', async () => {
    const { runtime, slept } = fakeRuntime({ [ID]: [unavailable(), unavailable(502), finished()] }, 1);
    const events = await collect(pollImport(ID, options(), runtime));
    expect(events.map((e) => e.type)).toEqual(['retry', 'retry', 'snapshot']);
    expect(events[0]).toMatchObject({ attempt: 1, delayMs: 2000, retryAfter: false, failingForMs: 0 });
    expect(events[1]).toMatchObject({ attempt: 2, delayMs: 4000, failingForMs: 2000 });
    expect(events[2]).toMatchObject({ recoveredAfterMs: 6000 });
    expect(slept).toEqual([2000, 4000]);
  });

  it('obeys Retry-After', async () => {
    const { runtime, slept } = fakeRuntime({ [ID]: [unavailable(429, 20_000), finished()] });
    const events = await collect(pollImport(ID, options(), runtime));
    expect(events[0]).toMatchObject({ type: 'retry', delayMs: 20_000, retryAfter: true });
    expect(slept).toEqual([20_000]);
  });

  it('does not credit Retry-After for a wait its own backoff made longer', async () => {
    const { runtime } = fakeRuntime({ [ID]: [unavailable(429, 500), finished()] }, 1);
    const events = await collect(pollImport(ID, options(), runtime));
    expect(events[0]).toMatchObject({ type: 'retry', delayMs: 2000, retryAfter: false });
  });

  it('gives up with "unavailable" (exit 5) once every attempt has failed for five minutes', async () => {
    const { runtime, requestTimes } = fakeRuntime({ [ID]: [unavailable()] }, 0.5);
    const events = await collect(pollImport(ID, options(), runtime));
    const last = events.at(-1);
    expect(last?.type).toBe('failed');
    if (last?.type !== 'failed') return;
    expect(last.error.code).toBe('unavailable');
    expect(last.error.exitCode).toBe(5);
    expect(last.error.message).toMatch(/every attempt failed for 5m 00s/);
    // The last attempt is made right at the five-minute mark, not a backoff later.
    expect(requestTimes.at(-1)).toBe(GIVE_UP_AFTER_MS);
    expect(events.slice(0, -1).every((e) => e.type === 'retry')).toBe(true);
    expect(requestTimes.length).toBeLessThan(25);
  });

  it('restarts the five minutes after any good answer', async () => {
    const steps: Answer[] = [];
    for (let i = 0; i < 12; i++) steps.push(unavailable());
    steps.push(fetched(), ...steps.slice(0, 12), finished());
    const { runtime } = fakeRuntime({ [ID]: steps }, 1);
    const events = await collect(pollImport(ID, options(), runtime));
    expect(events.at(-1)).toMatchObject({ type: 'snapshot', finished: true });
  });

  it('ends the watch of an import at once on 404, 401/403 and bad responses', async () => {
    for (const error of [
      notFound(),
      new QiError('auth', 'refused', { status: 401 }),
      new QiError('bad_response', 'bad'),
    ]) {
      const { runtime, api } = fakeRuntime({ [ID]: [error] });
      const events = await collect(pollImport(ID, options(), runtime));
      expect(events).toEqual([{ type: 'failed', id: ID, at: 0, error }]);
      expect(api.calls).toHaveLength(1);
    }
  });

  it('rethrows what is not a QiError (a bug should not look like an outage)', async () => {
    const { runtime } = fakeRuntime({ [ID]: [new TypeError('boom')] });
    await expect(collect(pollImport(ID, options(), runtime))).rejects.toThrow('boom');
  });

  it('stops at the deadline without sleeping past it, within the request budget for a stuck import', async () => {
    const { runtime, slept, requestTimes } = fakeRuntime(
      { [ID]: [fetched({ status: 'scheduled' }), fetched()] },
      0.5,
    );
    const events = await collect(pollImport(ID, options({ deadline: 20_000 }), runtime));
    expect(events.at(-1)).toEqual({ type: 'timeout', id: ID, at: 20_000 });
    expect(slept.reduce((a, b) => a + b, 0)).toBe(20_000);
    // The bench's target for an import stuck 20 s with default settings: 3 to 12 requests.
    expect(requestTimes.length).toBeGreaterThanOrEqual(3);
    expect(requestTimes.length).toBeLessThanOrEqual(12);
  });

  it('cuts off a request still hanging at the deadline', async () => {
    const hang = (signal?: AbortSignal) =>
      new Promise<FetchedImport>((_, reject) =>
        signal?.addEventListener('abort', () => reject(signal.reason)),
      );
    const { runtime } = fakeRuntime({ [ID]: [hang] });
    const events = await collect(pollImport(ID, options({ deadline: 30 }), runtime));
    expect(events).toEqual([{ type: 'timeout', id: ID, at: 0 }]);
  });

  it('stops promptly when aborted, rethrowing the reason', async () => {
    const reason = new QiError('interrupted', 'interrupted', { exitCode: 130 });
    let abort = () => {};
    const abortDuringFetch = async () => {
      abort();
      return fetched({ progress: 2 });
    };
    const setup = fakeRuntime({
      [ID]: [fetched({ progress: 1 }), abortDuringFetch, fetched({ progress: 3 })],
    });
    abort = () => setup.controller.abort(reason);
    const seen: PollEvent[] = [];
    await expect(
      (async () => {
        for await (const event of pollImport(ID, options(), setup.runtime)) seen.push(event);
      })(),
    ).rejects.toBe(reason);
    // The answer already in hand is reported; the sleep after it ends the poller.
    expect(seen).toHaveLength(2);
    expect(setup.api.calls).toHaveLength(2);
  });

  it('makes one request at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const slow = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return fetched();
    };
    const { runtime } = fakeRuntime({ [ID]: [slow, slow, slow, async () => finished()] });
    await collect(pollImport(ID, options(), runtime));
    expect(most).toBe(1);
  });
});

describe('mergeAsync', () => {
  it('interleaves several pollers and ends when every one has', async () => {
    const { runtime } = fakeRuntime({
      [ID]: [fetched({ progress: 10 }), fetched({ progress: 20 }), finished()],
      [OTHER_ID]: [fetched({ id: OTHER_ID }), finished({ id: OTHER_ID })],
    });
    const events = await collect(
      mergeAsync([pollImport(ID, options(), runtime), pollImport(OTHER_ID, options(), runtime)]),
    );
    expect(events.filter((e) => e.id === ID)).toHaveLength(3);
    expect(events.filter((e) => e.id === OTHER_ID)).toHaveLength(2);
    expect(
      events
        .filter((e) => e.type === 'snapshot' && e.finished)
        .map((e) => e.id)
        .sort(),
    ).toEqual([ID, OTHER_ID].sort());
  });

  it('passes a source failure on to the consumer', async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('source failed');
    }
    async function* forever(): AsyncGenerator<number> {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        yield 2;
      }
    }
    await expect(collect(mergeAsync([failing(), forever()]) as AsyncIterable<never>)).rejects.toThrow(
      'source failed',
    );
  });
});

describe('pollImport: an API never reached', () => {
  const refused = () =>
    new QiError('unavailable', `fetching import ${ID}: connection refused`, {
      transient: true,
      reason: 'connection refused',
      hint: 'check the network, a proxy (HTTPS_PROXY) or --base-url',
    });

  it('gives up after as many attempts as status makes, keeping the network hint', async () => {
    const { runtime, api } = fakeRuntime({ [ID]: Array.from({ length: 10 }, refused) });
    const events = await collect(pollImport(ID, options(), runtime));
    expect(events.map((e) => e.type)).toEqual(['retry', 'retry', 'retry', 'failed']);
    expect(api.calls).toHaveLength(UNANSWERED_ATTEMPTS);
    const last = events.at(-1);
    expect(last?.type === 'failed' && last.error).toMatchObject({
      code: 'unavailable',
      message: `fetching import ${ID}: connection refused; the API never answered (4 attempts), giving up`,
      extra: { hint: 'check the network, a proxy (HTTPS_PROXY) or --base-url' },
    });
  });

  it('keeps its five-minute patience once the API has answered, even with an HTTP error', async () => {
    const { runtime, api } = fakeRuntime({
      [ID]: [unavailable(503), ...Array.from({ length: 6 }, refused), finished()],
    });
    const events = await collect(pollImport(ID, options(), runtime));
    expect(events.at(-1)).toMatchObject({ type: 'snapshot', finished: true });
    expect(api.calls).toHaveLength(8);
  });

  it('a deadline reached before any answer ends as the failure, not as a timeout', async () => {
    const { runtime } = fakeRuntime({ [ID]: Array.from({ length: 10 }, refused) });
    const events = await collect(pollImport(ID, options({ deadline: 1000 }), runtime));
    expect(events.map((e) => e.type)).toEqual(['retry', 'failed']);
    const answeredFirst = fakeRuntime({
      [ID]: [fetched({ progress: 10 }), ...Array.from({ length: 10 }, refused)],
    });
    const later = await collect(pollImport(ID, options({ deadline: 5000 }), answeredFirst.runtime));
    expect(later.at(-1)).toMatchObject({ type: 'timeout' });
  });
});
