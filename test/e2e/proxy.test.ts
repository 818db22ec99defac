// HTTP_PROXY / NO_PROXY end to end (Node does not honour them by itself). Every address is loopback:
// the "remote" API is 127.0.0.2 on a port nothing listens on, so only the proxy can reach "it".
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { json, runCli, startServer, TEST_KEY, type TestServer } from './harness.js';

const fixture = DOCUMENTED_EXAMPLE_TEXT;
const ID = '647a13fe875af4b4eb7133c2';
const UNREACHABLE_API = 'http://127.0.0.2:9/v1';

let proxy: TestServer;
let direct: TestServer;
const tunnels: string[] = [];

beforeAll(async () => {
  direct = await startServer((_request, response) => json(response, 200, fixture));
  // The proxy tunnels (CONNECT, as for Qobra's https) every destination to the `direct` server,
  // which stands in for the unreachable API; it records the destinations asked for.
  proxy = await startServer((_request, response) => json(response, 405, { message: 'CONNECT only' }));
  const { port } = new URL(direct.url);
  proxy.server.on('connect', (request, client: Socket, head: Buffer) => {
    tunnels.push(request.url ?? '');
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
});
afterAll(async () => {
  await proxy.close();
  await direct.close();
});

describe('proxies', () => {
  it('sends requests through HTTP_PROXY, key and all', async () => {
    const before = direct.requests.length;
    const run = await runCli(['status', ID, '--json'], {
      env: { QOBRA_BASE_URL: UNREACHABLE_API, HTTP_PROXY: proxy.url.replace(/\/v1$/, '') },
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).data_import.id).toBe(ID);
    expect(tunnels).toEqual(['127.0.0.2:9']);
    const seen = direct.requests.slice(before);
    expect(seen.map((request) => request.url)).toEqual([`/v1/imports/${ID}`]);
    expect(seen[0]?.headers['x-api-key']).toBe(TEST_KEY);
  });

  it('connects directly to hosts listed in NO_PROXY', async () => {
    const before = tunnels.length;
    const run = await runCli(['status', ID], {
      env: {
        QOBRA_BASE_URL: direct.url,
        http_proxy: proxy.url.replace(/\/v1$/, ''),
        NO_PROXY: 'localhost,127.0.0.1',
      },
    });
    expect(run.code).toBe(1);
    expect(tunnels.length).toBe(before);
    expect(direct.requests.at(-1)?.url).toBe(`/v1/imports/${ID}`);
  });
});
