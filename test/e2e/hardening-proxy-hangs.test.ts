// A proxy (or an API) that accepts the connection and never answers must not hang the built CLI:
// every timeout and Ctrl-C cover the proxy's CONNECT, which hpagent sends on a socket of its own.
// The "remote" APIs (127.0.0.2:9) are reachable only through the proxy under test. Times asserted
// here are hang guards, far above what the commands need, never performance checks.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { type RawServer, rawResponse, startRawServer } from '../helpers/raw-servers.js';
import { startConnectProxy } from '../helpers/tls.js';
import { type CliRun, lastErrorDocument, runCli, startServer } from './harness.js';

const ID = '647a13fe875af4b4eb7133c2';
const HTTPS_API = 'https://127.0.0.2:9/v1';
const HTTP_API = 'http://127.0.0.2:9/v1';
/** Far above the few seconds these commands need once fixed; only a hang reaches it. */
const HANG_GUARD_MS = 45_000;

let silent: RawServer;
let tunnelThenSilent: RawServer;
let wantsCredentials: RawServer;

beforeAll(async () => {
  // Accepts, reads the CONNECT (or the GET), and never says a word.
  silent = await startRawServer();
  // Opens the tunnel, then nothing comes through it: TLS with the API never starts.
  tunnelThenSilent = await startRawServer((socket) => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
  });
  wantsCredentials = await startRawServer((socket) =>
    socket.end(rawResponse('407 Proxy Authentication Required', ['Proxy-Authenticate: Basic realm="corp"'])),
  );
});
afterAll(async () => {
  await Promise.all([silent, tunnelThenSilent, wantsCredentials].map((server) => server.close()));
});

const connectsTo = (server: RawServer) => server.heads.filter((head) => head.startsWith('CONNECT ')).length;

describe('a proxy that accepts and never answers', () => {
  it.concurrent(
    'status --request-timeout 2 through HTTPS_PROXY gives up with 5 after its 4 bounded attempts',
    async () => {
      const before = connectsTo(silent);
      const run = await runCli(['status', ID, '--json', '--request-timeout', '2'], {
        env: { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: silent.url },
        timeoutMs: HANG_GUARD_MS,
      });
      expect(run.code).toBe(5);
      expect(run.stdout).toBe('');
      expect(lastErrorDocument(run.stderr).error).toEqual({
        code: 'unavailable',
        message: `fetching import ${ID}: timed out connecting to the proxy ${silent.url} after 4 attempts`,
        exit_code: 5,
      });
      expect(connectsTo(silent) - before).toBeGreaterThanOrEqual(4);
    },
    HANG_GUARD_MS + 5_000,
  );

  it.concurrent(
    'a plain http:// API through HTTP_PROXY is bounded the same way',
    async () => {
      const run = await runCli(['status', ID, '--request-timeout', '2'], {
        env: { QOBRA_BASE_URL: HTTP_API, HTTP_PROXY: silent.url },
        timeoutMs: HANG_GUARD_MS,
      });
      expect(run.code).toBe(5);
      expect(run.stderr).toContain(`timed out connecting to the proxy ${silent.url} after 4 attempts`);
    },
    HANG_GUARD_MS + 5_000,
  );

  it.concurrent(
    'an https:// proxy that never finishes its own TLS handshake is bounded the same way',
    async () => {
      const proxy = silent.url.replace(/^http:/, 'https:');
      const run = await runCli(['status', ID, '--json', '--request-timeout', '2'], {
        env: { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: proxy },
        timeoutMs: HANG_GUARD_MS,
      });
      expect(run.code).toBe(5);
      expect(lastErrorDocument(run.stderr).error.message).toBe(
        `fetching import ${ID}: timed out connecting to the proxy ${proxy} after 4 attempts`,
      );
    },
    HANG_GUARD_MS + 5_000,
  );

  it.concurrent(
    'watch --timeout 5 exits 124 right after its timeout message',
    async () => {
      const started = Date.now();
      const run = await runCli(['watch', ID, '--timeout', '5'], {
        env: { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: silent.url },
        timeoutMs: HANG_GUARD_MS,
      });
      expect(run.code).toBe(124);
      expect(run.stderr).toContain(`timed out after 5s waiting for import ${ID} (no answer yet)`);
      expect(Date.now() - started).toBeLessThan(20_000);
    },
    HANG_GUARD_MS + 5_000,
  );

  it.concurrent(
    'a tunnel that opens but never carries TLS is bounded by the connect timeout',
    async () => {
      const run = await runCli(['status', ID, '--json', '--request-timeout', '2'], {
        env: { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: tunnelThenSilent.url },
        timeoutMs: HANG_GUARD_MS,
      });
      expect(run.code).toBe(5);
      expect(lastErrorDocument(run.stderr).error.message).toBe(
        `fetching import ${ID}: timed out setting up TLS with the API through the proxy ${tunnelThenSilent.url} (the proxy opened the tunnel, the API did not answer) after 4 attempts`,
      );
    },
    HANG_GUARD_MS + 5_000,
  );
});

describe('an API that accepts and never answers (no proxy)', () => {
  it.concurrent(
    'status --request-timeout 2 gives up with 5',
    async () => {
      const run = await runCli(['status', ID, '--request-timeout', '2'], {
        env: { QOBRA_BASE_URL: `${silent.url}/v1` },
        timeoutMs: HANG_GUARD_MS,
      });
      expect(run.code).toBe(5);
      expect(run.stderr).toMatch(new RegExp(`fetching import ${ID}: timed out .* after 4 attempts`));
    },
    HANG_GUARD_MS + 5_000,
  );

  it.concurrent(
    'watch --timeout 5 exits 124',
    async () => {
      const run = await runCli(['watch', ID, '--timeout', '5'], {
        env: { QOBRA_BASE_URL: `${silent.url}/v1` },
        timeoutMs: HANG_GUARD_MS,
      });
      expect(run.code).toBe(124);
      expect(run.stderr).toContain(`timed out after 5s waiting for import ${ID}`);
    },
    HANG_GUARD_MS + 5_000,
  );
});

/**
 * Runs the CLI and sends it `signal` once `ready(stderr so far)` says it is where the test wants it
 * (checked whenever the server under test sees something, and on every stderr chunk); resolves with
 * the run and how long it took to end after the signal.
 */
async function interruptWhen(
  args: string[],
  env: Record<string, string>,
  ready: (stderr: string) => boolean,
  signal: NodeJS.Signals = 'SIGINT',
): Promise<{ run: CliRun; afterSignalMs: number }> {
  let sentAt = 0;
  let stderr = '';
  const check = (child: ChildProcess) => {
    if (sentAt === 0 && ready(stderr)) {
      sentAt = Date.now();
      child.kill(signal);
    }
  };
  const run = await runCli(args, {
    env,
    timeoutMs: HANG_GUARD_MS,
    onSpawn: (child) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        check(child);
      });
      const poll = setInterval(() => (sentAt ? clearInterval(poll) : check(child)), 50);
      child.on('close', () => clearInterval(poll));
    },
  });
  expect(sentAt).toBeGreaterThan(0);
  return { run, afterSignalMs: Date.now() - sentAt };
}

/** A fresh server for one test, closed after it: concurrent tests must not set each other off. */
async function own<T extends { close(): Promise<void> }>(
  server: Promise<T>,
  test: (server: T) => Promise<void>,
) {
  const started = await server;
  try {
    await test(started);
  } finally {
    await started.close();
  }
}

const heard = (server: RawServer) => () => server.heads.length > 0;

describe('the first Ctrl-C ends any command at once, wherever it is', () => {
  it.concurrent('status, waiting for the proxy to answer its CONNECT: 130', () =>
    own(startRawServer(), async (proxy) => {
      const { run, afterSignalMs } = await interruptWhen(
        ['status', ID],
        { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: proxy.url },
        heard(proxy),
      );
      expect(run.code).toBe(130);
      expect(afterSignalMs).toBeLessThan(5_000);
    }));

  it.concurrent('watch, waiting for the proxy to answer its CONNECT: 130, with where things stood', () =>
    own(startRawServer(), async (proxy) => {
      const { run, afterSignalMs } = await interruptWhen(
        ['watch', ID],
        { QOBRA_BASE_URL: HTTP_API, HTTP_PROXY: proxy.url },
        heard(proxy),
      );
      expect(run.code).toBe(130);
      expect(run.stderr).toContain('stopped watching after');
      expect(afterSignalMs).toBeLessThan(5_000);
    }));

  it.concurrent('errors, waiting for TLS through an open tunnel: 130', async () => {
    let tlsStarted = false;
    const tunnel = startRawServer((socket) => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      socket.once('data', () => {
        tlsStarted = true;
      });
    });
    await own(tunnel, async (proxy) => {
      const { run, afterSignalMs } = await interruptWhen(
        ['errors', ID, '--json'],
        { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: proxy.url },
        () => tlsStarted,
      );
      expect(run.code).toBe(130);
      expect(lastErrorDocument(run.stderr).error.code).toBe('interrupted');
      expect(afterSignalMs).toBeLessThan(5_000);
    });
  });

  it.concurrent('status, in the middle of a response body that stalls (through a proxy): 130', async () => {
    let bodyStarted = false;
    const api = startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(DOCUMENTED_EXAMPLE_TEXT.slice(0, 40), () => {
        bodyStarted = true;
      });
    });
    await own(api, (server) =>
      own(startConnectProxy(Number(new URL(server.url).port)), async (proxy) => {
        const { run, afterSignalMs } = await interruptWhen(
          ['status', ID],
          { QOBRA_BASE_URL: HTTP_API, HTTP_PROXY: proxy.url },
          () => bodyStarted,
        );
        expect(run.code).toBe(130);
        expect(afterSignalMs).toBeLessThan(5_000);
      }),
    );
  });

  it.concurrent('status, in the backoff sleep between two attempts: 130', () =>
    own(
      startRawServer((socket) => socket.end(rawResponse('502 Bad Gateway'))),
      async (proxy) => {
        const { run, afterSignalMs } = await interruptWhen(
          ['status', ID],
          { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: proxy.url },
          (stderr) => stderr.includes('retrying in'),
        );
        expect(run.code).toBe(130);
        expect(run.stderr).toContain(`the proxy ${proxy.url} refused the tunnel (HTTP 502); retrying in`);
        expect(afterSignalMs).toBeLessThan(5_000);
      },
    ));

  it.concurrent('SIGTERM, waiting for the proxy to answer its CONNECT: 143', () =>
    own(startRawServer(), async (proxy) => {
      const { run, afterSignalMs } = await interruptWhen(
        ['status', ID],
        { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: proxy.url },
        heard(proxy),
        'SIGTERM',
      );
      expect(run.code).toBe(143);
      expect(afterSignalMs).toBeLessThan(5_000);
    }));
});

describe('proxies the CLI cannot use', () => {
  it('a proxy that wants credentials (407) is asked once, and says so', async () => {
    const before = connectsTo(wantsCredentials);
    const run = await runCli(['status', ID, '--json'], {
      env: { QOBRA_BASE_URL: HTTPS_API, HTTPS_PROXY: wantsCredentials.url },
    });
    expect(run.code).toBe(5);
    expect(connectsTo(wantsCredentials) - before).toBe(1);
    expect(run.stderr).not.toContain('retrying');
    expect(lastErrorDocument(run.stderr).error.message).toBe(
      `fetching import ${ID}: the proxy ${wantsCredentials.url} wants credentials (HTTP 407); put them in the proxy URL: http://user:password@host:port`,
    );
  });

  it.each([
    ['HTTP_PROXY', HTTP_API, 'socks5h://127.0.0.1:1080', 'socks5h:'],
    ['ALL_PROXY', HTTPS_API, 'socks4://127.0.0.1:1080', 'socks4:'],
  ])(
    '%s with an unsupported scheme is a usage error naming the supported ones',
    async (name, api, value, scheme) => {
      const run = await runCli(['status', ID], { env: { QOBRA_BASE_URL: api, [name]: value } });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${scheme}// proxies are not supported, only http:// and https:// ones`);
    },
  );
});
