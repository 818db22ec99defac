/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, which Node 20's http stack ignores. Same rules as curl:
 * lower-case names win, NO_PROXY lists hosts or domain suffixes (optionally with a port), `*` means all.
 */
import type { Agent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Env } from '../util/env.js';

const read = (env: Env, name: string): string | undefined =>
  env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;

/** The proxy URL to use for `target`, or undefined to connect directly. */
export function proxyForUrl(target: URL, env: Env): string | undefined {
  const proxy =
    target.protocol === 'https:'
      ? (read(env, 'https_proxy') ?? read(env, 'all_proxy'))
      : (read(env, 'http_proxy') ?? read(env, 'all_proxy'));
  if (!proxy) return undefined;
  return bypassesProxy(target, read(env, 'no_proxy') ?? '') ? undefined : proxy;
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

/** Builds the agents got needs for a proxy; hpagent is loaded only when a proxy is configured. */
export async function proxyAgents(proxy: string): Promise<{ http: Agent; https: HttpsAgent }> {
  const { HttpProxyAgent, HttpsProxyAgent } = await import('hpagent');
  const options = { proxy, keepAlive: true };
  return { http: new HttpProxyAgent(options), https: new HttpsProxyAgent(options) };
}
