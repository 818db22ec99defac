/**
 * `fetchImport(id)`: validated data or a typed QiError. Knows the API's routes, status codes and
 * retry policy; never prints (events go to the caller's hooks) and never lets the key into an error.
 */
import { QiError } from '../errors.js';
import { documentOf, scanText, skeletonTooLarge, spoolFailure } from './body-outcome.js';
import { NOT_FOUND_HINT, unavailableHint } from './failure-hints.js';
import { type HttpResponse, type HttpTimeouts, httpGet, TransportError } from './http.js';
import type { JsonText } from './import-document.js';
import { type PauseGate, slowDownMs } from './pause-gate.js';
import { proxyForUrl, proxyRoute } from './proxy.js';
import { createBodyReader, type ScannedBody, SkeletonTooLargeError } from './read-body.js';
import { redirectError } from './redirect.js';
import { backoffDelay, retryAfterWait } from './retry.js';
import type { ImportDocument } from './schema.js';

export interface ApiConfig {
  /** e.g. https://api.qobra.co/v1, no trailing slash. */
  baseUrl: string;
  apiKey: string;
  timeouts: HttpTimeouts;
  /** Attempts per look-up for fetchImport (1 = no retry). */
  maxAttempts: number;
  maxResponseBytes: number;
  env: Readonly<Record<string, string | undefined>>;
}

export interface FetchedImport {
  /** The id as the user gave it. */
  id: string;
  /** The body as received, compact, for `--json`: read back in pieces, never held whole. */
  raw: JsonText;
  document: ImportDocument;
  /**
   * Gives back the disk or memory its rows were spooled to; only the lengths of its row lists stay
   * usable. For a caller that looks up the same import again and again (`watch`).
   */
  release?(): void;
}

export type ApiEvent =
  | { type: 'request'; importId: string; url: string; attempt: number }
  | { type: 'response'; importId: string; status: number; bytes: number; elapsedMs: number }
  | {
      type: 'retry';
      importId: string;
      attempt: number;
      maxAttempts: number;
      delayMs: number;
      reason: string;
      retryAfter: boolean;
      /** Set when the server asked for longer than the cap, and the wait is the cap. */
      retryAfterAskedMs?: number;
    };

export interface ApiRuntime {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  onEvent?(event: ApiEvent): void;
  /** Shared by every look-up of the run: one "slow down" from the API pauses them all. */
  gate?: PauseGate;
}

export interface ImportsApi {
  /** One attempt: transient failures throw a QiError with `transient: true` (the watcher retries them itself). */
  fetchImportOnce(id: string, signal?: AbortSignal): Promise<FetchedImport>;
  /** Retries transient failures (network, timeouts, 408, 429, 5xx) with backoff and Retry-After. */
  fetchImport(id: string, signal?: AbortSignal): Promise<FetchedImport>;
}

const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 16_000;

export function createImportsApi(config: ApiConfig, runtime: ApiRuntime): ImportsApi {
  const proxy = proxyForUrl(new URL(config.baseUrl), config.env);
  const route = proxy ? proxyRoute(proxy) : undefined;
  // Settled when first awaited; until then an unusable proxy must not count as an unhandled rejection.
  route?.catch(() => {});

  async function fetchImportOnce(id: string, signal?: AbortSignal): Promise<FetchedImport> {
    return attempt(id, 1, signal);
  }

  async function attempt(id: string, attemptNumber: number, signal?: AbortSignal): Promise<FetchedImport> {
    const url = `${config.baseUrl}/imports/${encodeURIComponent(id)}`;
    // Watch polls and one-shot retries alike pass here, so both respect a pause another import caused.
    await runtime.gate?.wait(signal);
    runtime.onEvent?.({ type: 'request', importId: id, url, attempt: attemptNumber });
    const started = runtime.now();
    let response: HttpResponse;
    // A 200's body is scanned as it arrives: its rows spooled, the rest kept to be validated.
    let scanned: (() => ScannedBody) | undefined;
    try {
      response = await httpGet(url, {
        bodySink(status) {
          if (status !== 200) return undefined;
          const reader = createBodyReader();
          scanned = () => reader.end();
          return (chunk) => reader.write(chunk);
        },
        headers: { 'X-API-Key': config.apiKey, Accept: 'application/json', 'User-Agent': 'qobra-imports' },
        timeouts: config.timeouts,
        maxBytes: config.maxResponseBytes,
        ...(signal ? { signal } : {}),
        ...(route ? { proxy: await route } : {}),
      });
    } catch (error) {
      if (error instanceof TransportError) throw transportFailure(id, error);
      if (error instanceof SkeletonTooLargeError) throw skeletonTooLarge(id);
      // Network failures come as TransportError: a system error here is the spool's temporary file.
      if (error instanceof Error && 'syscall' in error) throw spoolFailure(id, error);
      throw error;
    }
    runtime.onEvent?.({
      type: 'response',
      importId: id,
      status: response.status,
      bytes: bodyBytes(response),
      elapsedMs: runtime.now() - started,
    });
    try {
      return interpret(id, response, runtime.now(), scanned?.());
    } catch (error) {
      if (error instanceof QiError) runtime.gate?.pauseFor(slowDownMs(error.extra, RETRY_BASE_MS));
      throw error;
    }
  }

  async function fetchImport(id: string, signal?: AbortSignal): Promise<FetchedImport> {
    for (let attemptNumber = 1; ; attemptNumber++) {
      try {
        return await attempt(id, attemptNumber, signal);
      } catch (error) {
        if (!(error instanceof QiError) || !error.extra.transient || attemptNumber >= config.maxAttempts) {
          throw attemptNumber > 1 && error instanceof QiError && error.extra.transient
            ? new QiError(error.code, `${error.message} after ${attemptNumber} attempts`, error.extra)
            : error;
        }
        const { retryAfterMs: retryAfter, retryAfterAskedMs } = error.extra;
        const delayMs =
          retryAfter ?? backoffDelay(attemptNumber, RETRY_BASE_MS, RETRY_CAP_MS, runtime.random);
        runtime.onEvent?.({
          type: 'retry',
          importId: id,
          attempt: attemptNumber,
          maxAttempts: config.maxAttempts,
          delayMs,
          reason: error.extra.reason ?? error.message,
          retryAfter: retryAfter !== undefined,
          ...(retryAfterAskedMs === undefined ? {} : { retryAfterAskedMs }),
        });
        await runtime.sleep(delayMs, signal);
      }
    }
  }

  return { fetchImport, fetchImportOnce };
}

function transportFailure(id: string, error: TransportError): QiError {
  if (error.failure === 'too_large') {
    return new QiError('bad_response', `fetching import ${id}: ${error.message}`, { importId: id });
  }
  // Certificates and proxy credentials do not fix themselves: no retry, and the message says what to do.
  if (error.failure === 'certificate' || error.failure === 'proxy_auth') {
    return new QiError('unavailable', `fetching import ${id}: ${error.message}`, { importId: id });
  }
  return new QiError('unavailable', `fetching import ${id}: ${error.message}`, {
    importId: id,
    transient: true,
    reason: error.message,
    hint: error.hint ?? 'check the network, a proxy (HTTPS_PROXY) or --base-url',
  });
}

/**
 * Maps an HTTP answer to data or a typed error. Server text never goes into a message. A 200's body
 * comes scanned as it arrived, or as text (scanned here).
 */
export function interpret(
  id: string,
  response: HttpResponse,
  now: number,
  scanned?: ScannedBody,
): FetchedImport {
  const { status } = response;
  const context = `fetching import ${id}`;
  // HTTP has no status outside 100-599 (Node's parser accepts any three digits): not the API speaking.
  if (status < 100 || status > 599) {
    return fail(
      new QiError('bad_response', `${context}: HTTP ${status} is not a valid HTTP status`, {
        importId: id,
        status,
      }),
    );
  }
  if (status === 200) return documentOf(id, response, scanned ?? scanText(id, response.body));
  if (status === 404) {
    return fail(
      new QiError('not_found', `import ${id} not found${response.url ? ` (GET ${response.url})` : ''}`, {
        importId: id,
        status,
        hint: NOT_FOUND_HINT,
      }),
    );
  }
  if (status === 401 || status === 403) {
    return fail(
      new QiError('auth', `${context}: the API key was refused (HTTP ${status})`, {
        importId: id,
        status,
        hint: 'check the key (QOBRA_API_KEY, --api-key-file or the credentials file) and that it is still active',
      }),
    );
  }
  if (status === 408 || status === 429 || status >= 500) {
    const reason = `HTTP ${status}${status === 429 ? ' (rate limited)' : ''}`;
    // The one place Retry-After is read, for the one-shot retries and the watcher alike.
    const wait = retryAfterWait(response.headers['retry-after'], now);
    return fail(
      new QiError('unavailable', `${context}: ${reason}`, {
        importId: id,
        status,
        transient: true,
        reason,
        hint: unavailableHint(status),
        ...(wait === undefined ? {} : { retryAfterMs: wait.waitMs }),
        ...(wait && wait.askedMs > wait.waitMs ? { retryAfterAskedMs: wait.askedMs } : {}),
      }),
    );
  }
  if (status === 400 || status === 422) {
    return fail(
      new QiError('usage', `${context}: the API refused the request as invalid (HTTP ${status})`, {
        importId: id,
        status,
      }),
    );
  }
  const redirect = status >= 300 && status < 400 ? redirectError(id, response) : undefined;
  if (redirect) return fail(redirect);
  return fail(new QiError('bad_response', `${context}: unexpected HTTP ${status}`, { importId: id, status }));
}

/** Byte counts count bytes: a UTF-16 length undercounts every non-ASCII character. */
const bodyBytes = (response: HttpResponse): number => response.bytes ?? Buffer.byteLength(response.body);

function fail(error: QiError): never {
  throw error;
}
