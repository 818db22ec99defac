// Hardening end to end, the built binary against loopback servers: key files are read with a cap
// and can be interrupted; the key never goes over plain http to another machine unless asked.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, lastErrorDocument, runCli, startServer, TEST_KEY, type TestServer } from './harness.js';

const document = {
  data_import: {
    id: 'clean',
    created_at: '2024-06-25T09:58:32Z',
    launched_at: '2024-06-25T10:03:27Z',
    finished_at: '2024-06-25T10:14:12Z',
    status: 'finished',
    progress: 100,
    data_tables_details: [],
  },
};

let server: TestServer;
/** Stands in for the network between this machine and a remote API: it sees what would travel. */
let proxy: TestServer;
const proxied: string[] = [];
let env: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'qobra-imports-hardening-'));

beforeAll(async () => {
  server = await startServer((request, response) =>
    request.headers['x-api-key'] === TEST_KEY ? json(response, 200, document) : json(response, 401, {}),
  );
  // An http:// target goes to an HTTP proxy in the clear (absolute-form or CONNECT): both are recorded,
  // and both are served by `server`, so an allowed request succeeds.
  proxy = await startServer((request, response) => {
    proxied.push(`${request.method} ${request.url}`);
    if (request.headers['x-api-key'] !== TEST_KEY) return json(response, 401, {});
    json(response, 200, document);
  });
  proxy.server.on('connect', (request, client, head: Buffer) => {
    proxied.push(`CONNECT ${request.url}`);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length) client.unshift(head);
    proxy.server.emit('connection', client);
  });
  env = { QOBRA_BASE_URL: server.url };
});
afterAll(async () => {
  await server.close();
  await proxy.close();
  rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
function fifo(): string {
  const path = join(dir, `fifo-${counter++}`);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Resolves once `ready` holds for one of process `pid`'s descriptors (Linux /proc), or after 5 s. */
async function waitForFd(pid: number, ready: (fd: string) => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      try {
        if (ready(fd)) return;
      } catch {
        // the descriptor closed meanwhile
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The process holds `path` open: it is really waiting on it (an open that blocks never gets here). */
const opened = (pid: number, path: string) =>
  waitForFd(pid, (fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === path);

/** The process polls its stdin (fd 0 sits in an epoll set): it is waiting for the key there. */
const pollingStdin = (pid: number) =>
  waitForFd(pid, (fd) => /^tfd:\s+0\s/m.test(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8')));

describe('--api-key-file: bounded and interruptible', () => {
  it('/dev/zero is refused at 64 KiB (exit 2), at once', async () => {
    const run = await runCli(['status', 'clean', '--api-key-file', '/dev/zero', '--json'], {
      env,
      timeoutMs: 5_000,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--api-key-file /dev/zero is longer than 64 KiB');
    expect(lastErrorDocument(run.stderr).error).toMatchObject({ code: 'usage', exit_code: 2 });
  });

  it('a regular file over 64 KiB is a usage error (2), not a 100 KiB header sent to the server', async () => {
    const path = join(dir, 'big-key');
    writeFileSync(path, 'k'.repeat(100 * 1024), { mode: 0o600 });
    const before = server.requests.length;
    const run = await runCli(['status', 'clean', '--api-key-file', path], { env });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `qobra-imports: error: --api-key-file ${path} is longer than 64 KiB, the most an API key may take`,
    );
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s while it waits on a FIFO nobody writes to ends it (%i)', async (signal, code) => {
    const path = fifo();
    let signalledAt = 0;
    const onSpawn = (child: ChildProcess) => {
      void opened(child.pid ?? 0, path).then(() => {
        signalledAt = Date.now();
        child.kill(signal);
      });
    };
    const run = await runCli(['status', 'clean', '--api-key-file', path], { env, onSpawn, timeoutMs: 8_000 });
    expect(run.code).toBe(code);
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
  });

  it('reads the key from a FIFO whose writer is slow', async () => {
    const path = fifo();
    const onSpawn = (child: ChildProcess) => {
      void opened(child.pid ?? 0, path).then(() => {
        const writer = createWriteStream(path);
        setTimeout(() => writer.end(`${TEST_KEY}\n`), 300);
      });
    };
    const run = await runCli(['status', 'clean', '--api-key-file', path, '--json'], { env, onSpawn });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).data_import.id).toBe('clean');
  });

  it('Ctrl-C while --api-key-file - waits on a silent pipe exits 130', async () => {
    const child = spawn(process.execPath, [BIN, 'status', 'clean', '--api-key-file', '-'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: '/nonexistent-home',
        XDG_CONFIG_HOME: '/nonexistent',
        ...env,
      },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    await pollingStdin(child.pid ?? 0);
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    expect(await exited).toBe(130);
    clearTimeout(timer);
    child.stdin?.destroy();
  }, 10_000);

  it('warns (stderr) about a key file readable by group or others, and still uses it', async () => {
    const path = join(dir, 'open-key');
    writeFileSync(path, `${TEST_KEY}\n`);
    chmodSync(path, 0o644);
    const run = await runCli(['status', 'clean', '--api-key-file', path, '--json'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `qobra-imports: warning: --api-key-file ${path} is readable by group or others; consider: chmod 600 '${path}'\n`,
    );
    chmodSync(path, 0o600);
    const quiet = await runCli(['status', 'clean', '--api-key-file', path, '--json'], { env });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});

describe('plain http only to this machine', () => {
  const remote = 'http://api.qobra.test/v1';
  const viaProxy = () => ({ HTTP_PROXY: proxy.url.replace(/\/v1$/, '') });

  it('refuses http:// to another host (2, one line) before anything is sent', async () => {
    const before = proxied.length;
    const run = await runCli(['status', 'clean', '--base-url', remote], { env: viaProxy() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'qobra-imports: error: --base-url is plain http to api.qobra.test: the API key would travel in clear over the network; use https, or pass --allow-insecure-http (or set QOBRA_ALLOW_INSECURE_HTTP=1) to accept that\n',
    );
    expect(proxied.length).toBe(before);
    const fromEnv = await runCli(['status', 'clean', '--json'], {
      env: { ...viaProxy(), QOBRA_BASE_URL: remote },
    });
    expect(fromEnv.code).toBe(2);
    expect(lastErrorDocument(fromEnv.stderr).error.message).toContain('QOBRA_BASE_URL is plain http');
    expect(fromEnv.stdout).toBe('');
    expect(proxied.length).toBe(before);
  });

  it.each([
    ['--allow-insecure-http', ['--allow-insecure-http'], {}],
    ['QOBRA_ALLOW_INSECURE_HTTP=1', [], { QOBRA_ALLOW_INSECURE_HTTP: '1' }],
  ])('sends it anyway with %s', async (_name, flags, extraEnv) => {
    const before = proxied.length;
    const run = await runCli(['status', 'clean', '--base-url', remote, ...flags, '--json'], {
      env: { ...viaProxy(), ...extraEnv },
    });
    expect(run.code).toBe(0);
    expect(proxied.length).toBeGreaterThan(before);
  });

  it('keeps plain http to loopback (the sandbox) allowed', async () => {
    const run = await runCli(['status', 'clean', '--json'], { env });
    expect(run.code).toBe(0);
  });
});
