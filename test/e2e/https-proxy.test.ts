// HTTPS through an HTTP CONNECT proxy from HTTPS_PROXY, read as curl reads it, end to end. The API's
// base URL is https://localhost:9, which nothing serves: only the proxy (which tunnels every
// destination to the test HTTPS server) can reach "it". A failing proxy is named, never with the
// credentials its URL may carry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import {
  type ConnectProxy,
  closedPort,
  type HttpsTestServer,
  NO_DNS_PRELOAD,
  startConnectProxy,
  startHttpsServer,
  TEST_CA,
} from '../helpers/tls.js';
import { json, lastErrorDocument, runCli, TEST_KEY } from './harness.js';

const fixture = DOCUMENTED_EXAMPLE_TEXT;
const ID = '647a13fe875af4b4eb7133c2';
const API = 'https://localhost:9/v1';
const PASSWORD = 's3cret-proxy-password';

let server: HttpsTestServer;
let proxy: ConnectProxy;

beforeAll(async () => {
  server = await startHttpsServer('server', (_request, response) => json(response, 200, fixture));
  proxy = await startConnectProxy(server.port);
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

async function statusThroughProxy(httpsProxy: string, extraEnv: Record<string, string> = {}) {
  const connectsBefore = proxy.connects.length;
  const requestsBefore = server.requests.length;
  const run = await runCli(['status', ID, '--json'], {
    env: { QOBRA_BASE_URL: API, HTTPS_PROXY: httpsProxy, NODE_EXTRA_CA_CERTS: TEST_CA, ...extraEnv },
  });
  return {
    run,
    connects: proxy.connects.slice(connectsBefore),
    requests: server.requests.slice(requestsBefore),
  };
}

describe('HTTPS through HTTPS_PROXY', () => {
  it('tunnels the request, key and all, and checks the certificate end to end', async () => {
    const { run, connects, requests } = await statusThroughProxy(proxy.url);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(fixture));
    expect(connects).toEqual(['localhost:9']);
    expect(requests.map((request) => request.url)).toEqual([`/v1/imports/${ID}`]);
    expect(requests[0]?.headers['x-api-key']).toBe(TEST_KEY);
  });

  it('an https:// proxy named by its IP address: TLS to the proxy, then to the API, end to end', async () => {
    // Node 26 refuses an IP address as TLS's server name, which the proxy library used to send.
    const tlsProxy = await startConnectProxy(server.port, { tls: true });
    try {
      const { run, requests } = await statusThroughProxy(tlsProxy.url);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toEqual(JSON.parse(fixture));
      expect(tlsProxy.connects).toEqual(['localhost:9']);
      expect(requests[0]?.headers['x-api-key']).toBe(TEST_KEY);
    } finally {
      await tlsProxy.close();
    }
  });

  it('reads a proxy without a scheme as http://, as curl does', async () => {
    const { run, connects } = await statusThroughProxy(`127.0.0.1:${proxy.port}`);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).data_import.id).toBe(ID);
    expect(connects).toEqual(['localhost:9']);
  });

  it('sends the credentials of the proxy URL to the proxy only, and prints them nowhere', async () => {
    const { run, connects } = await statusThroughProxy(`proxyuser:${PASSWORD}@127.0.0.1:${proxy.port}`);
    expect(run.code).toBe(1);
    expect(connects).toEqual(['localhost:9']);
    expect(proxy.authorizations.at(-1)).toBe(
      `Basic ${Buffer.from(`proxyuser:${PASSWORD}`).toString('base64')}`,
    );
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('does not retry a certificate this machine does not trust, behind a proxy either', async () => {
    const { run, connects, requests } = await statusThroughProxy(proxy.url, { NODE_EXTRA_CA_CERTS: '' });
    expect(run.code).toBe(5);
    expect(connects).toEqual(['localhost:9']);
    expect(requests).toEqual([]);
    expect(lastErrorDocument(run.stderr).error.message).toMatch(
      /TLS certificate of localhost is not signed by a CA this machine trusts .*NODE_EXTRA_CA_CERTS/,
    );
  });
});

describe('a proxy that cannot be used', () => {
  it.concurrent('says that the proxy refused, naming it without its credentials', async () => {
    const port = await closedPort();
    const run = await runCli(['status', ID, '--json'], {
      env: { QOBRA_BASE_URL: API, HTTPS_PROXY: `http://proxyuser:${PASSWORD}@127.0.0.1:${port}` },
    });
    expect(run.code).toBe(5);
    expect(run.stdout).toBe('');
    const { error } = lastErrorDocument(run.stderr);
    expect(error.code).toBe('unavailable');
    expect(error.message).toBe(
      `fetching import ${ID}: the proxy http://127.0.0.1:${port} refused the connection after 4 attempts`,
    );
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain('proxyuser');
  });

  it.concurrent('says that the proxy cannot be resolved, naming it without its credentials', async () => {
    const run = await runCli(['status', ID, '--json'], {
      env: {
        QOBRA_BASE_URL: API,
        // No scheme: read as http://.
        https_proxy: `proxyuser:${PASSWORD}@proxy.invalid:3128`,
        NODE_OPTIONS: `--require "${NO_DNS_PRELOAD}"`,
      },
    });
    expect(run.code).toBe(5);
    expect(lastErrorDocument(run.stderr).error.message).toBe(
      `fetching import ${ID}: the proxy http://proxy.invalid:3128 could not be resolved (host name not found) after 4 attempts`,
    );
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.stderr).not.toContain('proxyuser');
  });

  it('refuses a proxy URL it cannot use, without repeating it', async () => {
    const run = await runCli(['status', ID, '--json'], {
      env: { QOBRA_BASE_URL: API, HTTPS_PROXY: `socks5://proxyuser:${PASSWORD}@127.0.0.1:1080` },
    });
    expect(run.code).toBe(2);
    expect(lastErrorDocument(run.stderr).error.message).toBe(
      'socks5:// proxies are not supported, only http:// and https:// ones',
    );
    expect(run.stderr).not.toContain(PASSWORD);
  });
});
