/**
 * The only file that imports got. One GET, no retries (callers own retry policy so retries never
 * stack), explicit timeouts, a cap on the body size, no redirects (they could carry the key elsewhere).
 * Transport failures come back as TransportError; HTTP statuses are returned, not thrown.
 */
import type { Agent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import got, { CancelError, RequestError } from 'got';

export interface HttpTimeouts {
  connectMs: number;
  /** Time to the first byte of the response. */
  responseMs: number;
  /** Bound on one whole attempt, body included. */
  requestMs: number;
}

export interface HttpGetOptions {
  headers: Record<string, string>;
  timeouts: HttpTimeouts;
  maxBytes: number;
  signal?: AbortSignal;
  agents?: { http: Agent; https: HttpsAgent };
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type TransportFailure = 'timeout' | 'network' | 'too_large';

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly failure: TransportFailure,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  const { timeouts } = options;
  const request = got(url, {
    headers: options.headers,
    responseType: 'text',
    throwHttpErrors: false,
    followRedirect: false,
    retry: { limit: 0 },
    timeout: {
      lookup: timeouts.connectMs,
      connect: timeouts.connectMs,
      secureConnect: timeouts.connectMs,
      response: timeouts.responseMs,
      request: timeouts.requestMs,
    },
    ...(options.agents ? { agent: options.agents } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let tooLarge = false;
  request.on('downloadProgress', ({ transferred, total }) => {
    if (transferred > options.maxBytes || (total ?? 0) > options.maxBytes) {
      tooLarge = true;
      request.cancel();
    }
  });
  try {
    const response = await request;
    return { status: response.statusCode, headers: response.headers, body: response.body };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (tooLarge || error instanceof CancelError) {
      throw new TransportError(
        'too_large',
        `the response is larger than ${Math.round(options.maxBytes / 2 ** 20)} MiB`,
      );
    }
    throw toTransportError(error);
  }
}

// got's errors hold the request options, headers (the API key) included: keep only code and a safe message.
function toTransportError(error: unknown): TransportError {
  const code = error instanceof RequestError ? error.code : undefined;
  if (code === 'ETIMEDOUT') {
    const event = (error as { event?: string }).event;
    return new TransportError('timeout', `timed out${event ? ` (${event})` : ''}`, code);
  }
  const described = code ? (NETWORK_MESSAGES[code] ?? code) : 'the connection failed';
  return new TransportError('network', described, code);
}

const NETWORK_MESSAGES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  ECONNABORTED: 'connection aborted',
  ERR_STREAM_PREMATURE_CLOSE: 'connection closed before the response was complete',
  ERR_HTTP2_STREAM_ERROR: 'connection closed before the response was complete',
  HPE_INVALID_CONSTANT: 'the server sent something that is not HTTP',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  CERT_HAS_EXPIRED: 'TLS certificate has expired',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate could not be verified',
};
