// `sandbox` end to end: the built binary serves the fake API; the CLI can be pointed at it.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './harness.js';

describe('sandbox', () => {
  it('prints its URL and scenarios, answers the CLI, and stops with 130 on Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('error', reject);
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      expect(stdout).toContain('export QOBRA_BASE_URL=');
      expect(stdout).toContain('647a13fe875af4b4eb7133c2');
      const run = await runCli(['status', '647a13fe875af4b4eb7133c2', '--json'], {
        env: { QOBRA_BASE_URL: url, QOBRA_API_KEY: 'anything' },
      });
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).data_import.id).toBe('647a13fe875af4b4eb7133c2');
      const denied = await runCli(['status', '647a13fe875af4b4eb7133c2'], {
        env: { QOBRA_BASE_URL: url, QOBRA_API_KEY: undefined, XDG_CONFIG_HOME: '/nonexistent' },
      });
      expect(denied.code).toBe(2); // no key at all is refused before any request
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
  });

  it('exits 2 with one clear line when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const run = await runCli(['sandbox', '--port', String(port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
