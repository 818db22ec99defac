// The key is only ever put in the request header: whatever goes wrong (a refused key, nothing
// listening, no answer, a certificate that cannot be trusted), and with --verbose logging every
// request, neither stdout nor stderr ever shows it.
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anImportDocument } from '../helpers/builders.js';
import { type CliRun, json, runCli, startServer, TEST_KEY, type TestServer } from './harness.js';

const ID = '647a13fe875af4b4eb7133c2';
const TLS = new URL('../fixtures/tls/', import.meta.url);

let refusing: TestServer;
let silent: TestServer;
let answering: TestServer;
let closedUrl: string;
let tls: { url: string; requests: number; close(): Promise<void> };

beforeAll(async () => {
  refusing = await startServer((_request, response) => json(response, 401, { message: `bad key` }));
  // Accepts the connection, reads the request, never answers.
  silent = await startServer(() => {});
  answering = await startServer((_request, response) => json(response, 200, anImportDocument()));
  const closed = await startServer(() => {});
  closedUrl = closed.url;
  await closed.close();
  tls = await startSelfSignedServer();
});
afterAll(async () => {
  await Promise.all([refusing.close(), silent.close(), answering.close(), tls.close()]);
});

/** An https server whose certificate nobody vouches for: the handshake fails before any request is sent. */
async function startSelfSignedServer(): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const state = { requests: 0 };
  const server = createHttpsServer(
    {
      key: readFileSync(new URL('self-signed-key.pem', TLS)),
      cert: readFileSync(new URL('self-signed-cert.pem', TLS)),
    },
    (_request, response) => {
      state.requests++;
      json(response, 200, anImportDocument());
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function expectNoKey(run: CliRun): void {
  expect(run.stdout).not.toContain(TEST_KEY);
  expect(run.stderr).not.toContain(TEST_KEY);
  // Nor a recognisable piece of it: a message cut short, or escaped, would still leak it.
  expect(run.stderr).not.toContain(TEST_KEY.slice(0, 12));
  expect(run.stderr).not.toContain(TEST_KEY.slice(-12));
}

describe.concurrent('the key never shows on stdout or stderr', () => {
  it.each([
    ['status', ['status', ID, '--verbose']],
    ['status --json', ['status', ID, '--json', '--verbose']],
    ['watch', ['watch', ID, '--verbose', '--timeout', '10s']],
    ['errors --csv', ['errors', ID, '--csv', '--verbose']],
  ])('a refused key (401), %s --verbose: exit 4', async (_name, args) => {
    const run = await runCli(args, { env: { QOBRA_BASE_URL: refusing.url } });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('the API key was refused (HTTP 401)');
    expect(run.stderr).toContain('X-API-Key: ***');
    expectNoKey(run);
  });

  it('nothing listening (connection refused), status --verbose: exit 5 after its retries', async () => {
    const run = await runCli(['status', ID, '--verbose'], {
      env: { QOBRA_BASE_URL: closedUrl },
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('connection refused after 4 attempts');
    expectNoKey(run);
  }, 35_000);

  it('no answer (request timeout), status --json --verbose: exit 5', async () => {
    const run = await runCli(['status', ID, '--json', '--verbose', '--request-timeout', '0.3'], {
      env: { QOBRA_BASE_URL: silent.url },
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('timed out');
    expectNoKey(run);
  }, 35_000);

  it('no answer, watch --verbose: the deadline ends it (5: the API never answered)', async () => {
    const run = await runCli(['watch', ID, '--verbose', '--request-timeout', '0.3', '--timeout', '2s'], {
      env: { QOBRA_BASE_URL: silent.url },
    });
    // Reversed on purpose: with no answer ever, the watch ends as status would (5), not 124.
    expect(run.code).toBe(5);
    expectNoKey(run);
  });

  it('a self-signed certificate: the request, and so the key, is never sent', async () => {
    const run = await runCli(['status', ID, '--verbose'], {
      env: { QOBRA_BASE_URL: tls.url },
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(5);
    expect(tls.requests).toBe(0);
    expectNoKey(run);
  }, 35_000);

  it.each([
    ['status', ['status', ID, '--verbose']],
    ['watch --json', ['watch', ID, '--json', '--verbose']],
    ['errors --json', ['errors', ID, '--json', '--verbose']],
  ])('a look-up that works, %s --verbose: each request logged, the key as ***', async (_name, args) => {
    const run = await runCli(args, { env: { QOBRA_BASE_URL: answering.url } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`GET ${answering.url}/imports/${ID} (attempt 1, X-API-Key: ***)`);
    expectNoKey(run);
  });
});
