// HTTPS end to end: the built CLI (and the build's stand-ins for got's TLS modules) against real TLS
// servers on 127.0.0.1 with the test CA. A certificate failure is not a network blip: one connection,
// exit 5 at once, and a message that says what to do (trust the right CA, never stop checking).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { type Certificate, type HttpsTestServer, startHttpsServer, TEST_CA } from '../helpers/tls.js';
import { json, lastErrorDocument, runCli, TEST_KEY } from './harness.js';

const fixture = DOCUMENTED_EXAMPLE_TEXT;
const ID = '647a13fe875af4b4eb7133c2';
const servers = {} as Record<Certificate, HttpsTestServer>;

beforeAll(async () => {
  for (const certificate of ['server', 'expired', 'wrong-host'] as const) {
    servers[certificate] = await startHttpsServer(certificate, (_request, response) =>
      json(response, 200, fixture),
    );
  }
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.close()));
});

/** Never a way out that turns checking off. */
function expectNoInsecureAdvice(text: string): void {
  expect(text).not.toMatch(
    /NODE_TLS_REJECT_UNAUTHORIZED|rejectUnauthorized|insecure|strict-ssl|disable|turn\w* off/i,
  );
}

describe('HTTPS with the CA in NODE_EXTRA_CA_CERTS', () => {
  it('fetches an import, key and all, as JSON', async () => {
    const server = servers.server;
    const run = await runCli(['status', ID, '--json'], {
      env: { QOBRA_BASE_URL: server.url, NODE_EXTRA_CA_CERTS: TEST_CA },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(fixture));
    expect(server.requests.at(-1)?.url).toBe(`/v1/imports/${ID}`);
    expect(server.requests.at(-1)?.headers['x-api-key']).toBe(TEST_KEY);
  });

  it('renders the rejected rows for people too', async () => {
    const run = await runCli(['errors', ID], {
      env: { QOBRA_BASE_URL: servers.server.url, NODE_EXTRA_CA_CERTS: TEST_CA },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "opportunities line 1: ValueError: could not convert string to float: 'AAAAA' | id=1, name=Great opportunity, user=user@example.fr, amount=AAAAA\n",
    );
  });
});

describe('certificate failures', () => {
  const cases: { name: string; certificate: Certificate; trustCa: boolean; cause: RegExp; advice: RegExp }[] =
    [
      {
        name: 'a certificate from a CA this machine does not trust',
        certificate: 'server',
        trustCa: false,
        cause: /TLS certificate of 127\.0\.0\.1 is not signed by a CA this machine trusts/,
        advice: /NODE_EXTRA_CA_CERTS/,
      },
      {
        name: 'an expired certificate',
        certificate: 'expired',
        trustCa: true,
        cause: /TLS certificate of 127\.0\.0\.1 has expired/,
        advice: /clock/,
      },
      {
        name: 'a certificate for another host name',
        certificate: 'wrong-host',
        trustCa: true,
        cause: /TLS certificate of 127\.0\.0\.1 is for another host name/,
        advice: /--base-url/,
      },
    ];

  for (const { name, certificate, trustCa, cause, advice } of cases) {
    it(`${name}: one attempt, exit 5, one line naming the cause and what to do`, async () => {
      const server = servers[certificate];
      const before = server.connections;
      const requestsBefore = server.requests.length;
      const run = await runCli(['status', ID, '--json'], {
        env: { QOBRA_BASE_URL: server.url, ...(trustCa ? { NODE_EXTRA_CA_CERTS: TEST_CA } : {}) },
      });
      expect(run.code).toBe(5);
      expect(run.stdout).toBe('');
      expect(server.connections - before).toBe(1);
      expect(server.requests.length).toBe(requestsBefore);
      expect(run.stderr).not.toMatch(/retrying|attempts/);
      const document = lastErrorDocument(run.stderr);
      expect(document.error.code).toBe('unavailable');
      expect(document.error.message).toMatch(cause);
      expect(document.error.message).toMatch(advice);
      expect(run.stderr.trimEnd().split('\n')).toEqual([
        `qobra-imports: error: ${document.error.message}`,
        JSON.stringify(document),
      ]);
      expectNoInsecureAdvice(run.stderr);
    });
  }

  it('ends a watch at once instead of retrying for five minutes', async () => {
    const server = servers.expired;
    const before = server.connections;
    const started = Date.now();
    const run = await runCli(['watch', ID, '--interval', '0.1'], {
      env: { QOBRA_BASE_URL: server.url, NODE_EXTRA_CA_CERTS: TEST_CA },
    });
    expect(run.code).toBe(5);
    expect(server.connections - before).toBe(1);
    expect(run.stderr).toMatch(/has expired/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
