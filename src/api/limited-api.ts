/**
 * One cap on requests in flight for a whole run: `status` and `errors` look-ups and every `watch`
 * poller go through the same limiter, so following 50 imports never sends 50 requests at once.
 */
import type { Limiter } from '../util/limiter.js';
import type { ImportsApi } from './client.js';

/**
 * Requests in flight at once: enough to hide latency for `status` of many ids, few enough not to trip
 * rate limits; when the API still says "slow down", the run's pause gate holds every request at once.
 */
export const MAX_REQUESTS_IN_FLIGHT = 16;

/**
 * The same API, with every call waiting for a slot of `limiter`. A look-up with retries keeps its
 * slot through its backoff, so a struggling server is not handed more work while it asks for less.
 */
export function limitRequests(api: ImportsApi, limiter: Limiter): ImportsApi {
  return {
    fetchImport: (id, signal) => limiter.run(() => api.fetchImport(id, signal), signal),
    fetchImportOnce: (id, signal) => limiter.run(() => api.fetchImportOnce(id, signal), signal),
  };
}
