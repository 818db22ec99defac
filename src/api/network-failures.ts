/**
 * A failed request in words: what happened (the message, also said when a retry is announced) and
 * what to do next (the hint, shown with the final error). Node, its HTTP parser and got name
 * failures by code (ECONNRESET, EAI_AGAIN, HPE_HEADER_OVERFLOW, ERR_GOT_REQUEST_ERROR…), which
 * nobody should have to look up. Certificates and proxies have words of their own
 * (transport-failures.ts). Only facts about this machine and the URL the user gave go into these
 * words, never server text.
 */
import { maxHeaderSize } from 'node:http';
import { getSystemErrorMap } from 'node:util';
import { formatDuration } from '../format/time.js';
import type { HttpTimeouts } from './http.js';

export interface WordedFailure {
  failure: 'timeout' | 'network';
  message: string;
  hint: string;
}

export interface FailureContext {
  /** The API's host, with its port when it is not the default one. */
  host: string;
  timeouts: HttpTimeouts;
}

const CHECK_ROUTE =
  'check the network, --base-url (or QOBRA_BASE_URL) and any proxy (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY)';
const NOT_THE_API =
  'this is not the API answering normally: check --base-url (or QOBRA_BASE_URL) and any proxy in between';

type Words = (host: string) => [message: string, hint: string];

const dropped: Words = (host) => [
  'connection reset',
  `${host}, or a proxy or firewall on the way, cut the connection; if it keeps happening, ${CHECK_ROUTE}`,
];

const BY_CODE: Readonly<Record<string, Words>> = {
  ECONNREFUSED: (host) => [
    'connection refused',
    `nothing accepts connections at ${host}: check the host and port in --base-url (or QOBRA_BASE_URL)`,
  ],
  ECONNRESET: dropped,
  ECONNABORTED: (host) => ['connection aborted', dropped(host)[1]],
  EPIPE: (host) => ['connection closed while sending', dropped(host)[1]],
  ERR_STREAM_PREMATURE_CLOSE: (host) => [
    'connection closed before the response was complete',
    dropped(host)[1],
  ],
  ENOTFOUND: (host) => [
    `host ${host} not found`,
    "check the host name in --base-url (or QOBRA_BASE_URL), and this machine's DNS settings",
  ],
  EAI_AGAIN: (host) => [
    `could not look up ${host}: the DNS server did not answer`,
    'this machine may be offline or its DNS server unreachable; check the network connection',
  ],
  ENETUNREACH: () => [
    'network unreachable',
    'this machine has no route to the API: check that it is online, and any VPN or firewall',
  ],
  EHOSTUNREACH: (host) => [
    `host ${host} unreachable`,
    'check that this machine is online, and any VPN or firewall',
  ],
  ETIMEDOUT: (host) => [`timed out connecting to ${host}`, CHECK_ROUTE],
  HPE_INVALID_CONSTANT: () => [
    'the server sent something that is not HTTP',
    'check that --base-url (or QOBRA_BASE_URL) names the API, with the right scheme and port (https:// for a TLS port)',
  ],
  HPE_HEADER_OVERFLOW: () => [
    `the server sent response headers over ${Math.round(maxHeaderSize / 1024)} KiB, more than Node.js accepts`,
    NOT_THE_API,
  ],
  ERR_SSL_WRONG_VERSION_NUMBER: (host) => [
    `${host} does not speak TLS on that port`,
    'check the scheme and port of --base-url (or QOBRA_BASE_URL): http:// and https:// use different ports',
  ],
  EPROTO: (host) => [`the TLS handshake with ${host} failed`, CHECK_ROUTE],
};

/** What the HTTP parser objected to, for any HPE_ code without words of its own. */
const MALFORMED: Readonly<Record<string, string>> = {
  HPE_INVALID_HEADER_TOKEN: 'a header holds characters HTTP does not allow',
  HPE_INVALID_CONTENT_LENGTH: 'its Content-Length is not a number',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'it has a Content-Length it must not have, or two of them',
  HPE_INVALID_CHUNK_SIZE: 'its chunked body is broken',
  HPE_INVALID_TRANSFER_ENCODING: 'its Transfer-Encoding is invalid',
  HPE_INVALID_STATUS: 'its status line is invalid',
  HPE_INVALID_VERSION: 'it names an HTTP version that does not exist',
};

/** got's timeout events, as `timed out (event)` has always read in messages; the hint says what it means. */
function timeoutWords(event: string, { host, timeouts }: FailureContext): WordedFailure {
  const within = (ms: number) => `within ${formatDuration(ms)}`;
  const hints: Record<string, string> = {
    lookup: `the DNS lookup of ${host} took longer than ${formatDuration(timeouts.connectMs)}; check the network connection and DNS`,
    connect: `no connection to ${host} ${within(timeouts.connectMs)}: ${CHECK_ROUTE}`,
    secureConnect: `the TLS handshake with ${host} did not finish ${within(timeouts.connectMs)}: ${CHECK_ROUTE}`,
    response: `${host} took the request but sent no answer ${within(timeouts.responseMs)}: the API may be overloaded or down; try again later`,
    request: `the whole answer from ${host} did not arrive ${within(timeouts.requestMs)}: for very large imports, raise --request-timeout`,
  };
  return {
    failure: 'timeout',
    message: `timed out (${event})`,
    hint: hints[event] ?? `the connection to ${host} stalled: ${CHECK_ROUTE}`,
  };
}

/** Words for a failed request; `code` is Node's or got's, `event` got's timeout event, if any. */
export function describeNetworkFailure(
  code: string | undefined,
  event: string | undefined,
  context: FailureContext,
): WordedFailure {
  const { host } = context;
  if (code === 'ETIMEDOUT' && event) return timeoutWords(event, context);
  const words = code ? BY_CODE[code] : undefined;
  if (words) {
    const [message, hint] = words(host);
    return { failure: code === 'ETIMEDOUT' ? 'timeout' : 'network', message, hint };
  }
  if (code?.startsWith('HPE_')) {
    const what = MALFORMED[code] ?? 'it does not follow the protocol';
    return {
      failure: 'network',
      message: `the server sent a malformed HTTP response: ${what}`,
      hint: NOT_THE_API,
    };
  }
  if (code?.startsWith('ERR_SSL_')) {
    return {
      failure: 'network',
      message: `the TLS handshake with ${host} failed`,
      hint: `this machine and ${host} share no TLS version or cipher, or something in between interferes: ${CHECK_ROUTE}`,
    };
  }
  // An operating system error Node knows the words for ("host is down"), else got's catch-all.
  const system = code ? systemWords(code) : undefined;
  return {
    failure: 'network',
    message: system ?? 'the connection failed',
    hint: CHECK_ROUTE,
  };
}

function systemWords(code: string): string | undefined {
  for (const [name, description] of getSystemErrorMap().values()) if (name === code) return description;
  return undefined;
}
