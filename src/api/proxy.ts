/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, which Node 20's http stack ignores. Same rules as curl:
 * lower-case names win, a proxy without a scheme is http://, NO_PROXY lists hosts or domain suffixes
 * (optionally with a port), `*` means all.
 */
import { QiError } from '../errors.js';
import type { Env } from '../util/env.js';
import type { ProxyRoute } from './http.js';

const read = (env: Env, name: string): string | undefined =>
  env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;

/** The proxy URL to use for `target`, or undefined to connect directly. */
export function proxyForUrl(target: URL, env: Env): string | undefined {
  const proxy =
    target.protocol === 'https:'
      ? (read(env, 'https_proxy') ?? read(env, 'all_proxy'))
      : (read(env, 'http_proxy') ?? read(env, 'all_proxy'));
  if (!proxy) return undefined;
  if (bypassesProxy(target, read(env, 'no_proxy') ?? '')) return undefined;
  // curl reads `proxy.example:3128` as http://proxy.example:3128 (so does every tool that follows it).
  return /^[a-z][a-z\d+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function bypassesProxy(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const [rawHost, entryPort] = splitHostPort(entry.toLowerCase());
      if (entryPort && entryPort !== port) return false;
      const suffix = rawHost.replace(/^\*?\./, '');
      return host === suffix || host.endsWith(`.${suffix}`);
    });
}

// "[::1]:8080" and "host:8080" carry a port; a bare IPv6 address ("::1", "fe80::1") does not.
function splitHostPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1] ?? '', bracketed[2]];
  if (entry.indexOf(':') !== entry.lastIndexOf(':')) return [entry, undefined];
  const [, host = '', port] = /^(.*?)(?::(\d+))?$/.exec(entry) ?? [];
  return [host, port];
}

/**
 * How to reach the API through `proxy`: its URL without credentials for messages, and fresh agents for
 * each request (see tunnel-agents.ts), loaded only when a proxy is configured. The variable's value is
 * never repeated: it may hold a password.
 */
export async function proxyRoute(proxy: string): Promise<ProxyRoute> {
  let url: URL;
  try {
    url = new URL(proxy);
  } catch {
    throw new QiError('usage', 'the proxy set in HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is not a URL', {
      hint: 'write it as http://host:port (or http://user:password@host:port)',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new QiError('usage', `${url.protocol}// proxies are not supported, only http:// and https:// ones`);
  }
  // Like curl: an http:// proxy named without a port listens on 1080 (https:// has 443 already).
  if (url.protocol === 'http:' && !/^[^:]+:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^/:?#]*):\d/.test(proxy)) {
    url.port = '1080';
  }
  const { openTunnelAgents } = await import('./tunnel-agents.js');
  return {
    // With its port always: which port was used matters when it refuses, and 80 is not the default here.
    display: `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`,
    openAgents: (bounds) => openTunnelAgents(url, bounds),
  };
}
