// Plain TCP servers on 127.0.0.1 that answer whatever bytes a test wants, or nothing at all: a proxy
// or an API that accepts the connection and never replies, or replies with broken HTTP.
import { type AddressInfo, createServer, type Socket } from 'node:net';

export interface RawServer {
  /** http://127.0.0.1:PORT, without a trailing slash. */
  url: string;
  port: number;
  /** The first chunk each connection sent (e.g. "CONNECT host:port HTTP/1.1 …" or "GET …"), in order. */
  heads: string[];
  close(): Promise<void>;
}

/**
 * Calls `answer` with each connection and the first bytes it sent. An `answer` that writes nothing
 * leaves the client waiting forever, which is the point of the tests that use it.
 */
export async function startRawServer(
  answer: (socket: Socket, head: string) => void = () => {},
): Promise<RawServer> {
  const heads: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.once('data', (chunk) => {
      const head = chunk.toString('latin1');
      heads.push(head);
      answer(socket, head);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    heads,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A whole HTTP/1.1 response as raw text (no check of what is in it: tests send broken ones on purpose). */
export function rawResponse(statusLine: string, headers: string[] = [], body = ''): string {
  const length = Buffer.byteLength(body);
  return `HTTP/1.1 ${statusLine}\r\n${[...headers, `Content-Length: ${length}`].join('\r\n')}\r\n\r\n${body}`;
}
