/**
 * The only file that imports got. One GET, no retries (callers own retry policy so retries never
 * stack), explicit timeouts, a cap on the body size, no redirects (they could carry the key elsewhere).
 * Transport failures come back as TransportError; HTTP statuses are returned, not thrown.
 */
import got, { CancelError, RequestError } from 'got';
import {
  describeCertificateFailure,
  describeProxyFailure,
  type TransportFailure,
} from './transport-failures.js';
import type { TunnelAgents, TunnelBounds } from './tunnel-agents.js';

export type { TransportFailure } from './transport-failures.js';

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
  proxy?: ProxyRoute;
}

export interface ProxyRoute {
  /** The proxy's URL without credentials, for messages. */
  display: string;
  /** Agents for one request, whose tunnel set-up is bounded and abortable; destroy them when it ends. */
  openAgents(bounds: TunnelBounds): TunnelAgents;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

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
  // got's timeouts and abort cannot reach a proxy's CONNECT: these agents bound it themselves.
  const agents = options.proxy?.openAgents({
    connectMs: timeouts.connectMs,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  try {
    return await get(url, options, agents);
  } finally {
    agents?.destroy();
  }
}

async function get(
  url: string,
  options: HttpGetOptions,
  agents: TunnelAgents | undefined,
): Promise<HttpResponse> {
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
    ...(agents ? { agent: { http: agents.http, https: agents.https } } : {}),
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
    throw toTransportError(error, new URL(url).hostname, options.proxy?.display);
  }
}

// got's errors hold the request options, headers (the API key) included: keep only code and a safe message.
function toTransportError(error: unknown, host: string, proxy: string | undefined): TransportError {
  const code = error instanceof RequestError ? error.code : undefined;
  // A stand-in of the build (scripts/stubs/) was asked for something it lacks: a bug, not the network.
  if (code === 'ERR_QOBRA_BUNDLE_STAND_IN') throw new Error((error as Error).message);
  // An https:// proxy has a certificate of its own, which fails the same way.
  const certificateOf = proxy?.startsWith('https:') ? `${host} (or of the proxy ${proxy})` : host;
  const described =
    (code && describeCertificateFailure(code, certificateOf)) ||
    (proxy && describeProxyFailure(code, error instanceof Error ? error.message : '', proxy));
  if (described) return new TransportError(described.failure, described.message, code);
  if (code === 'ETIMEDOUT') {
    const event = (error as { event?: string }).event;
    return new TransportError('timeout', `timed out${event ? ` (${event})` : ''}`, code);
  }
  return new TransportError(
    'network',
    code ? (NETWORK_MESSAGES[code] ?? code) : 'the connection failed',
    code,
  );
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
};
