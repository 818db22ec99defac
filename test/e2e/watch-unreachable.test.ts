// A watch that never reached the API gives up as `status` does (exit 5 with the network hint), with or
// without --timeout: the five-minute patience is for an API that has answered before.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { lastErrorDocument, runCli } from './harness.js';

const ID = '647a13fe875af4b4eb7133c2';

/** A loopback port with nothing listening on it (taken, then given back). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('watch against an API it never reached', () => {
  it("a wrong --base-url: status's retries, then 5 with the network hint, in seconds not minutes", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const started = Date.now();
    const run = await runCli(['watch', ID, '--base-url', baseUrl, '--interval', '0.2', '--json'], {
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(5);
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(run.stdout).toBe('');
    expect(run.stderr.match(/connection refused; retrying in/g)).toHaveLength(3);
    expect(run.stderr).toContain('the API never answered (4 attempts), giving up');
    // The hint status gives for the same failure (refused: nothing listens where --base-url points).
    expect(run.stderr).toMatch(
      /hint: nothing accepts connections at 127\.0\.0\.1:\d+: check the host and port in --base-url/,
    );
    expect(lastErrorDocument(run.stderr).error).toMatchObject({ code: 'unavailable', exit_code: 5 });
  }, 35_000);

  it('with --timeout shorter than the retries: 5, not 124 "still running"', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const run = await runCli(['watch', ID, '--base-url', baseUrl, '--timeout', '1s'], { timeoutMs: 20_000 });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('the API never answered');
    expect(run.stderr).not.toMatch(/keeps running|still running|timed out after/);
    expect(run.stderr).toMatch(/hint: nothing accepts connections at .*--base-url/);
  }, 25_000);
});
