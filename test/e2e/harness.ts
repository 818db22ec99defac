// Spawns the built binary (as users run it) against servers on 127.0.0.1, and captures everything.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/qobra-imports.js', import.meta.url));
export const TEST_KEY = 'sk_test_DO_NOT_PRINT_0123456789';

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
  /** Send stdout (or stderr) to this file instead of a pipe, e.g. `/dev/full`; it then reads as ''. */
  stdoutTo?: string;
  stderrTo?: string;
  /** Called once the process has started; e.g. to send it a signal later. */
  onSpawn?: (child: import('node:child_process').ChildProcess) => void;
}

/** A clean environment: no colour forcing, no proxies, no user config; the test key unless overridden. */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: '/nonexistent-home',
    XDG_CONFIG_HOME: '/nonexistent-config',
    TZ: 'UTC',
    QOBRA_API_KEY: TEST_KEY,
    // Root may create /nonexistent-home: tests that are about the history point it at a temp folder.
    QOBRA_IMPORTS_NO_HISTORY: '1',
  };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return new Promise((resolve, reject) => {
    const files = [options.stdoutTo, options.stderrTo].map((path) => (path ? openSync(path, 'w') : 'pipe'));
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', ...files] });
    for (const fd of files) if (typeof fd === 'number') closeSync(fd);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `qobra-imports ${args.join(' ')} did not end within ${options.timeoutMs ?? 15_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin?.end(options.input ?? '');
    options.onSpawn?.(child);
  });
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface TestServer {
  url: string;
  server: import('node:http').Server;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 with a port of its own; `url` ends in /v1 like Qobra's base URL. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    requests.push(request);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    server,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The last stderr line parsed as the contract's JSON error document. */
export function lastErrorDocument(stderr: string): {
  error: { code: string; message: string; exit_code: number };
} {
  const lines = stderr.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '');
}
