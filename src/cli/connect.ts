/**
 * Options → a ready API client: resolves base URL and key, wires the client's events to stderr, and
 * puts every request of the run behind one cap on requests in flight and one shared pause.
 * The client (got, the schemas: most of the bundle's start-up) is loaded only once the base URL and
 * key are known: --version, --help, usage errors and a missing key never load it (a test checks).
 */
import type { ImportsApi } from '../api/client.js';
import { resolveApiKey } from '../config/api-key.js';
import { resolveBaseUrl } from '../config/base-url.js';
import type { Deps } from '../deps.js';
import { apiEventPrinter } from '../output/api-events.js';
import type { Talk } from '../output/talk.js';
import { createLimiter } from '../util/limiter.js';

export interface ConnectionOptions {
  baseUrl?: string;
  /** A key already in hand (`auth login` checks the one typed in): no other source is looked at. */
  apiKey?: string;
  apiKeyFile?: string;
  /** --allow-insecure-http: plain http to a host other than this machine is accepted. */
  allowInsecureHttp?: boolean;
  requestTimeout?: number;
  verbose?: boolean;
}

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;
const CONNECT_TIMEOUT_MS = 10_000;
const FIRST_BYTE_TIMEOUT_MS = 30_000;
/**
 * Bodies are read as a stream, their rows spooled (memory, then a temporary file), so memory no longer
 * bounds them: this cap only stops a body that never ends. 4 GiB is about 20 million rejected rows.
 */
export const MAX_RESPONSE_BYTES = 4 * 2 ** 30;
const MAX_ATTEMPTS = 4;

export interface Connection {
  api: ImportsApi;
  apiKey: string;
}

export async function connect(options: ConnectionOptions, deps: Deps, talk: Talk): Promise<Connection> {
  const baseUrl = resolveBaseUrl(options.baseUrl, deps.env, Boolean(options.allowInsecureHttp));
  const apiKey =
    options.apiKey ??
    (await resolveApiKey({
      apiKeyFile: options.apiKeyFile,
      env: deps.env,
      signal: deps.signal,
      warn: (message) => talk.warn(message),
      get stdin() {
        return deps.stdin;
      },
    }));
  const [{ createImportsApi }, { limitRequests, MAX_REQUESTS_IN_FLIGHT }, { createPauseGate }] =
    await Promise.all([
      import('../api/client.js'),
      import('../api/limited-api.js'),
      import('../api/pause-gate.js'),
    ]);
  const requestMs = (options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_SECONDS) * 1000;
  const client = createImportsApi(
    {
      baseUrl,
      apiKey,
      timeouts: {
        connectMs: Math.min(CONNECT_TIMEOUT_MS, requestMs),
        responseMs: Math.min(FIRST_BYTE_TIMEOUT_MS, requestMs),
        requestMs,
      },
      maxAttempts: MAX_ATTEMPTS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      env: deps.env,
    },
    {
      now: deps.now,
      sleep: deps.sleep,
      random: deps.random,
      onEvent: apiEventPrinter(talk, Boolean(options.verbose)),
      // One gate per run, like the limiter: a 429 to any import slows every import's requests.
      gate: createPauseGate(deps),
    },
  );
  // One limiter per run, shared by every caller of this client: one cap for the whole command.
  const api = limitRequests(client, createLimiter(MAX_REQUESTS_IN_FLIGHT));
  return { api, apiKey };
}
