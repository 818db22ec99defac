// The API client as commands get it: every call, retried look-up or single poll, waits for the same cap.
import { describe, expect, it } from 'vitest';
import type { FetchedImport } from '../../src/api/client.js';
import { limitRequests, MAX_REQUESTS_IN_FLIGHT } from '../../src/api/limited-api.js';
import { createLimiter } from '../../src/util/limiter.js';
import { aFetchedImport } from '../helpers/builders.js';
import { fakeApi } from '../helpers/fake-api.js';

describe('limitRequests', () => {
  it('holds fetchImport and fetchImportOnce to one cap together', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = async (): Promise<FetchedImport> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return aFetchedImport();
    };
    const ids = Array.from({ length: MAX_REQUESTS_IN_FLIGHT * 3 }, (_, i) => `id${i}`);
    const api = limitRequests(
      fakeApi(Object.fromEntries(ids.map((id) => [id, slow]))),
      createLimiter(MAX_REQUESTS_IN_FLIGHT),
    );
    await Promise.all(ids.map((id, i) => (i % 2 ? api.fetchImport(id) : api.fetchImportOnce(id))));
    expect(peak).toBe(MAX_REQUESTS_IN_FLIGHT);
  });

  it('passes the signal on, and a call still waiting for its turn ends when it aborts', async () => {
    const received: (AbortSignal | undefined)[] = [];
    const hang = (signal?: AbortSignal) => {
      received.push(signal);
      return new Promise<FetchedImport>(() => {});
    };
    const inner = fakeApi({ a: hang, b: hang });
    const api = limitRequests(inner, createLimiter(1));
    const controller = new AbortController();
    void api.fetchImportOnce('a', controller.signal);
    const waiting = api.fetchImport('b', controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(received).toEqual([controller.signal]);
    expect(inner.calls).toEqual(['a']);
  });
});
