// What every API test shares: a fake Qobra origin, a recognisable key, and nock locked down so that
// no request leaves the machine and a mock that was never used fails the test.
import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { QiError } from '../../src/errors.js';

export const ORIGIN = 'https://api.qobra.test';
export const BASE = `${ORIGIN}/v1`;
export const KEY = 'sk_live_SECRET123456';
export const ID = '647a13fe875af4b4eb7133c2';

/** Call at the top of a test file: real connections refused, unused mocks fail in afterEach. */
export function useStrictNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
}

/** The rejection as a QiError, failing the test when the call succeeded or threw something else. */
export async function failure(promise: Promise<unknown>): Promise<QiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  // Anything else is described by its class and message alone, the key masked: a got error holds the
  // request options, headers and key included, which a failure dump of the whole object would print.
  if (!(error instanceof QiError)) {
    const what =
      error === undefined
        ? 'a success'
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : `${typeof error} ${String(error)}`;
    expect.fail(`expected a QiError, got ${what.split(KEY).join('***')}`);
  }
  return error;
}
