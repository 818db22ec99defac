/**
 * The only file that imports got. One GET, no retries (callers own retry policy so retries never
 * stack), explicit timeouts, a cap on the body size, no redirects (they could carry the key elsewhere).
 * Transport failures come back as TransportError; HTTP statuses are returned, not thrown.
 */
import got, { RequestError } from 'got';
import { describeNetworkFailure } from './network-failures.js';
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
  /**
   * Where the body of an answer with this status goes, chunk by chunk as it arrives (a throw aborts
   * the request and is rethrown as is); undefined keeps the body as text, as for any other status.
   */
  bodySink?(status: number): ((chunk: Buffer) => void) | undefined;
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
  /** The body as text; empty when it went to the `bodySink`. */
  body: string;
  /** The body's size in bytes, before decoding to text; Buffer.byteLength(body) when unknown. */
  bytes?: number;
  /** The URL asked for, which a relative Location header is resolved against. */
  url?: string;
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly failure: TransportFailure,
    message: string,
    readonly code?: string,
    /** What to do about it, when there is more to say than the message. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export async function httpGet(url: string, given: HttpGetOptions): Promise<HttpResponse> {
  // Each request listens on a child of the caller's signal (which AbortSignal.any follows without a
  // listener): 16 requests in flight on the run's one signal would make Node warn of a leak past 10.
  const options = given.signal ? { ...given, signal: AbortSignal.any([given.signal]) } : given;
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
  // A stream, not got's promise: a body of any size is handed on as it arrives, never held whole.
  const stream = got.stream(url, {
    headers: options.headers,
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
  // Until the loop below reads them, errors are awaited here; later ones reach the loop.
  stream.on('error', () => {});
  let sinkError: unknown;
  const tooLarge = () =>
    new TransportError('too_large', `the response is larger than ${formatSize(options.maxBytes)}`);
  try {
    const response = await new Promise<{ statusCode: number; headers: HttpResponse['headers'] }>(
      (resolve, reject) => {
        stream.once('response', resolve);
        stream.once('error', reject);
      },
    );
    const declared = Number(response.headers['content-length']);
    if (declared > options.maxBytes) throw tooLarge();
    const sink = options.bodySink?.(response.statusCode);
    const kept: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) throw tooLarge();
      if (!sink) kept.push(chunk);
      else {
        try {
          sink(chunk);
        } catch (error) {
          sinkError = error;
          throw error;
        }
      }
    }
    return {
      status: response.statusCode,
      headers: response.headers,
      body: sink ? '' : Buffer.concat(kept).toString('utf8'),
      bytes,
      url,
    };
  } catch (error) {
    stream.destroy();
    if (options.signal?.aborted) throw options.signal.reason;
    if (error instanceof TransportError || (sinkError !== undefined && error === sinkError)) throw error;
    throw toTransportError(error, new URL(url), options);
  }
}

const formatSize = (bytes: number): string =>
  bytes >= 2 ** 30 && bytes % 2 ** 30 === 0 ? `${bytes / 2 ** 30} GiB` : `${Math.round(bytes / 2 ** 20)} MiB`;

// got's errors hold the request options, headers (the API key) included: keep only code and a safe message.
function toTransportError(error: unknown, url: URL, options: HttpGetOptions): TransportError {
  const code = error instanceof RequestError ? error.code : undefined;
  // A stand-in of the build (scripts/stubs/) was asked for something it lacks: a bug, not the network.
  if (code === 'ERR_QOBRA_BUNDLE_STAND_IN') throw new Error((error as Error).message);
  const { hostname: host } = url;
  const proxy = options.proxy?.display;
  // An https:// proxy has a certificate of its own, which fails the same way.
  const certificateOf = proxy?.startsWith('https:') ? `${host} (or of the proxy ${proxy})` : host;
  const certificate = code ? describeCertificateFailure(code, certificateOf) : undefined;
  if (certificate) return new TransportError(certificate.failure, certificate.message, code);
  const atProxy = proxy && describeProxyFailure(code, error instanceof Error ? error.message : '', proxy);
  if (atProxy) return new TransportError(atProxy.failure, atProxy.message, code, PROXY_HINT);
  const event = code === 'ETIMEDOUT' ? (error as { event?: string }).event : undefined;
  const words = describeNetworkFailure(code, event, { host: url.host, timeouts: options.timeouts });
  return new TransportError(words.failure, words.message, code, words.hint);
}

const PROXY_HINT =
  "check the proxy's host and port in HTTPS_PROXY, HTTP_PROXY or ALL_PROXY, or list the API's host in NO_PROXY to reach it directly";
