/**
 * The agents that reach the API through a proxy's CONNECT tunnel (hpagent), with the tunnel's set-up
 * bounded. hpagent opens the tunnel with a request of its own, out of got's reach: got starts its
 * connect timers on the socket it is handed and cancels by destroying its request, and a request
 * still waiting for its socket reports neither. A proxy that accepted the connection and never
 * answered therefore held the command forever, Ctrl-C and timeouts included. Here the tunnel
 * (the CONNECT, then TLS to the API through it) must be up within `connectMs`, and aborting
 * `signal` or calling destroy() ends it wherever it is, so nothing is left holding the process.
 * One pair of agents per request: a pooled tunnel would not know which request it was opened for.
 */
import type { Agent, ClientRequestArgs } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { HttpProxyAgent, HttpsProxyAgent, type ProxyAgentRequestOptions } from 'hpagent';
import { PROXY_TIMEOUT_MESSAGE, TUNNEL_TLS_TIMEOUT_MESSAGE } from './transport-failures.js';

export interface TunnelBounds {
  /** The whole set-up: connecting to the proxy, its answer to CONNECT, and TLS through the tunnel. */
  connectMs: number;
  signal?: AbortSignal;
}

export interface TunnelAgents {
  http: Agent;
  https: HttpsAgent;
  /** Ends everything these agents opened, a CONNECT still waiting for its answer included. */
  destroy(): void;
}

type Opened = (error: Error | null, socket?: Duplex) => void;

export function openTunnelAgents(proxy: URL, bounds: TunnelBounds): TunnelAgents {
  // Aborting this ends hpagent's CONNECT request (Node's http honours `signal`), whichever agent sent it.
  const pending = new AbortController();
  // hpagent spreads these into its http.request() call; its types list only a few of them.
  const proxyRequestOptions = { signal: pending.signal } as unknown as ProxyAgentRequestOptions;
  const options = { proxy, keepAlive: true, proxyRequestOptions };
  const http = new HttpProxyAgent(options);
  const https = new HttpsProxyAgent(options);
  for (const agent of [http, https]) {
    const open = agent.createConnection.bind(agent) as (options: ClientRequestArgs, opened: Opened) => void;
    // hpagent hands the socket over through the callback and returns nothing.
    agent.createConnection = ((connectOptions: ClientRequestArgs, opened: Opened) => {
      boundedOpen((done) => open(connectOptions, done), pending, bounds, opened);
    }) as unknown as typeof agent.createConnection;
  }
  return {
    http,
    https,
    destroy() {
      pending.abort(new Error('the request is over'));
      http.destroy();
      https.destroy();
    },
  };
}

function boundedOpen(
  open: (done: Opened) => void,
  pending: AbortController,
  bounds: TunnelBounds,
  opened: Opened,
): void {
  let socket: Duplex | undefined;
  // Before the tunnel is up, aborting ends the CONNECT request; after, the socket itself.
  const stop = (reason: Error) => (socket ? socket.destroy(reason) : pending.abort(reason));
  const timer = setTimeout(
    () => stop(timeoutError(socket ? TUNNEL_TLS_TIMEOUT_MESSAGE : PROXY_TIMEOUT_MESSAGE)),
    bounds.connectMs,
  );
  const onAbort = () => stop(bounds.signal?.reason ?? new Error('aborted'));
  const settle = () => {
    clearTimeout(timer);
    bounds.signal?.removeEventListener('abort', onAbort);
  };
  bounds.signal?.addEventListener('abort', onAbort, { once: true });
  open((error, tunnel) => {
    if (error || !tunnel) {
      settle();
      // The reason this side gave (a timeout), not Node's generic "The operation was aborted".
      opened(pending.signal.aborted ? (pending.signal.reason as Error) : (error ?? new Error('no tunnel')));
      return;
    }
    socket = tunnel;
    if (tunnel instanceof TLSSocket) {
      tunnel.once('secureConnect', settle);
      tunnel.once('close', settle);
    } else {
      settle();
    }
    opened(null, tunnel);
  });
  if (bounds.signal?.aborted) onAbort();
}

function timeoutError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' });
}
