// HTTPS servers with the committed test certificates (test/fixtures/tls/) and a tiny HTTP CONNECT
// proxy, all on 127.0.0.1, for end-to-end tests of the built CLI.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const tlsFile = (name: string) => fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));

/** The test CA, for NODE_EXTRA_CA_CERTS. */
export const TEST_CA = tlsFile('ca.pem');

/** A preload (NODE_OPTIONS=--require) that answers every host-name lookup "not found", without any DNS traffic. */
export const NO_DNS_PRELOAD = fileURLToPath(new URL('./no-dns.cjs', import.meta.url));

export type Certificate = 'server' | 'expired' | 'wrong-host';

export interface HttpsTestServer {
  /** https://127.0.0.1:PORT/v1, like Qobra's base URL. */
  url: string;
  port: number;
  /** TCP connections accepted, handshakes that failed included. */
  connections: number;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** An HTTPS server presenting `certificate` (signed by the test CA); every request goes to `handler`. */
export async function startHttpsServer(
  certificate: Certificate,
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<HttpsTestServer> {
  const server = createHttpsServer(
    { key: readFileSync(tlsFile('server-key.pem')), cert: readFileSync(tlsFile(`${certificate}.pem`)) },
    (request, response) => {
      state.requests.push(request);
      handler(request, response);
    },
  );
  const state = { connections: 0, requests: [] as IncomingMessage[] };
  server.on('connection', () => {
    state.connections++;
  });
  // A client that rejects the certificate hangs up mid-handshake: expected here, not a test failure.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/v1`,
    port,
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ConnectProxy {
  /** http://127.0.0.1:PORT, without a trailing slash. */
  url: string;
  port: number;
  /** The destinations asked for (`host:port`), one per CONNECT. */
  connects: string[];
  /** The Proxy-Authorization header of each CONNECT (undefined when none was sent). */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

/**
 * A CONNECT-only proxy that tunnels every destination to 127.0.0.1:`upstreamPort`, whatever host it
 * names, so tests can use a base URL nothing else could reach and still prove the proxy carried it.
 */
export async function startConnectProxy(
  upstreamPort: number,
  options: { tls?: boolean } = {},
): Promise<ConnectProxy> {
  const connects: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const onRequest = (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(405, { 'content-type': 'text/plain' }).end('CONNECT only\n');
  };
  // With `tls`, an https:// proxy: TLS to the proxy itself (the test CA's certificate for 127.0.0.1).
  const server = options.tls
    ? createHttpsServer(
        { key: readFileSync(tlsFile('server-key.pem')), cert: readFileSync(tlsFile('server.pem')) },
        onRequest,
      )
    : createHttpServer(onRequest);
  const sockets = new Set<Socket>();
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    connects.push(request.url ?? '');
    authorizations.push(request.headers['proxy-authorization']);
    sockets.add(client);
    const upstream = connect(upstreamPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    connects,
    authorizations,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
