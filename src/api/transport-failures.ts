/**
 * What a failed connection means, in words a user can act on. A certificate failure is a fact about
 * the server or this machine, not a blip: retrying cannot fix it, and the way out is to trust the
 * right CA (NODE_EXTRA_CA_CERTS), never to stop checking. With a proxy, a connection that fails
 * before the tunnel is up failed at the proxy, and the message says which one.
 */

export type TransportFailure = 'timeout' | 'network' | 'too_large' | 'certificate' | 'proxy_auth';

export interface DescribedFailure {
  failure: TransportFailure;
  message: string;
}

const TRUST_HINT =
  "if a corporate proxy or CA signs it, set NODE_EXTRA_CA_CERTS to that CA's certificate file (PEM)";

// OpenSSL's verification results, as Node names them in `error.code`.
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'CERT_CHAIN_TOO_LONG',
]);

/** The certificate failure behind `code`, described for `host`; undefined for anything else. */
export function describeCertificateFailure(code: string, host: string): DescribedFailure | undefined {
  const certificate = `the TLS certificate of ${host}`;
  let message: string | undefined;
  if (UNTRUSTED.has(code)) {
    message = `${certificate} is not signed by a CA this machine trusts (${code}); ${TRUST_HINT}`;
  } else if (code === 'CERT_HAS_EXPIRED') {
    message = `${certificate} has expired; check this machine's clock, else whoever runs ${host} (or a proxy that intercepts TLS) must renew it`;
  } else if (code === 'CERT_NOT_YET_VALID') {
    message = `${certificate} is not valid yet; check this machine's clock and time zone`;
  } else if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    message = `${certificate} is for another host name; check --base-url (or QOBRA_BASE_URL), and that a proxy that intercepts TLS presents a certificate for ${host}`;
  } else if (code === 'CERT_REVOKED') {
    message = `${certificate} has been revoked; whoever runs ${host} (or a proxy that intercepts TLS) must replace it`;
  }
  return message === undefined ? undefined : { failure: 'certificate', message };
}

/** hpagent's wording for a CONNECT left unanswered; tunnel-agents.ts uses it for its own bound too. */
export const PROXY_TIMEOUT_MESSAGE = 'Proxy timeout';
/** The tunnel is up, but TLS with the API through it did not finish in time. */
export const TUNNEL_TLS_TIMEOUT_MESSAGE = 'Tunnel TLS timeout';

const PROXY_CONNECT_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'refused the connection',
  ENOTFOUND: 'could not be resolved (host name not found)',
  EAI_AGAIN: 'could not be resolved (DNS lookup failed)',
  EHOSTUNREACH: 'is unreachable (no route to its host)',
  ENETUNREACH: 'is unreachable (network unreachable)',
};

/**
 * A failure to reach the proxy itself, or the proxy's refusal to open the tunnel (hpagent reports a
 * non-200 answer to CONNECT as "Bad response: NNN"). `proxy` must carry no credentials.
 */
export function describeProxyFailure(
  code: string | undefined,
  message: string,
  proxy: string,
): DescribedFailure | undefined {
  const failed = code ? PROXY_CONNECT_FAILURES[code] : undefined;
  if (failed) return { failure: 'network', message: `the proxy ${proxy} ${failed}` };
  const status = /^Bad response: (\d{3})$/.exec(message)?.[1];
  if (status === '407') {
    return {
      failure: 'proxy_auth',
      message: `the proxy ${proxy} wants credentials (HTTP 407); put them in the proxy URL: http://user:password@host:port`,
    };
  }
  if (status)
    return { failure: 'network', message: `the proxy ${proxy} refused the tunnel (HTTP ${status})` };
  if (message === PROXY_TIMEOUT_MESSAGE)
    return { failure: 'timeout', message: `timed out connecting to the proxy ${proxy}` };
  if (message === TUNNEL_TLS_TIMEOUT_MESSAGE) {
    return {
      failure: 'timeout',
      message: `timed out setting up TLS with the API through the proxy ${proxy} (the proxy opened the tunnel, the API did not answer)`,
    };
  }
  return undefined;
}
