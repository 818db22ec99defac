// `auth login | status | logout`, the built command against the sandbox and loopback servers, with
// every config folder in a temp directory.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { BIN, json, runCli, startServer } from './harness.js';

const KEY = 'sk_login_SECRET_abcdefgh_9876';
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

/** A fresh config home; `credentials` is where login writes. */
function home() {
  const config = mkdtempSync(join(tmpdir(), 'qi-auth-'));
  const folder = join(config, 'qobra-imports');
  return {
    config,
    folder,
    credentials: join(folder, 'credentials'),
    env: (baseUrl = sandbox.url) => ({
      QOBRA_BASE_URL: baseUrl,
      XDG_CONFIG_HOME: config,
      QOBRA_API_KEY: undefined,
    }),
  };
}

describe('auth login', () => {
  it('reads the key from stdin, checks it, saves it 0600 in a 0700 folder, and never prints it', async () => {
    const h = home();
    const run = await runCli(['auth', 'login'], { env: h.env(), input: `  ${KEY}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('accepted: a look-up of a made-up import id was answered 404');
    expect(run.stdout).toContain('that does not prove it can read your imports');
    expect(run.stdout).toContain(`saved to ${h.credentials} (mode 0600)`);
    expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
    expect(readFileSync(h.credentials, 'utf8')).toBe(`${KEY}\n`);
    expect(statSync(h.credentials).mode & 0o777).toBe(0o600);
    expect(statSync(h.folder).mode & 0o777).toBe(0o700);
    // And the saved key is the one in force from now on.
    const status = await runCli(['status', '647a13fe875af4b4eb7133c2', '--json'], { env: h.env() });
    expect(status.code).toBe(1);
  });

  it('replaces an older key by renaming a new file into place, leaving no temporary file', async () => {
    const h = home();
    mkdirSync(h.folder, { mode: 0o755 });
    writeFileSync(h.credentials, 'old-key\n', { mode: 0o600 });
    const before = statSync(h.credentials).ino;
    expect((await runCli(['auth', 'login'], { env: h.env(), input: KEY })).code).toBe(0);
    expect(readFileSync(h.credentials, 'utf8')).toBe(`${KEY}\n`);
    expect(statSync(h.credentials).ino).not.toBe(before);
    expect(readdirSync(h.folder)).toEqual(['credentials']);
    expect(statSync(h.folder).mode & 0o777).toBe(0o700);
  });

  it('a refused key (401) exits 4 and writes nothing; the check is one look-up of an id that cannot exist', async () => {
    const h = home();
    const server = await startServer((_request, response) => json(response, 401, { message: 'nope' }));
    try {
      const run = await runCli(['auth', 'login', '--base-url', server.url], { env: h.env(), input: KEY });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain('the API refused this key; nothing was written (HTTP 401)');
      expect(`${run.stdout}${run.stderr}`).not.toContain(KEY);
      expect(() => statSync(h.credentials)).toThrow();
      expect(server.requests.map((r) => [r.url, r.headers['x-api-key']])).toEqual([
        ['/v1/imports/000000000000000000000000', KEY],
      ]);
    } finally {
      await server.close();
    }
  });

  it('an empty key is a usage error (2)', async () => {
    const h = home();
    const run = await runCli(['auth', 'login'], { env: h.env(), input: '\n' });
    expect(run.code).toBe(2);
    expect(() => statSync(h.credentials)).toThrow();
  });

  /** `auth login` on a pseudo terminal; `type` is typed once the prompt shows. */
  function loginOnTerminal(h: ReturnType<typeof home>, type: string) {
    const command = `exec '${process.execPath}' '${BIN}' auth login`;
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      TERM: 'xterm',
      HOME: h.config,
      QOBRA_IMPORTS_NO_HISTORY: '1',
      ...h.env(),
    };
    delete env.QOBRA_API_KEY;
    return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn('script', ['-qfec', command, '/dev/null'], { env: env as NodeJS.ProcessEnv });
      let output = '';
      let typed = false;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no end: ${output}`));
      }, 15_000);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (!typed && output.includes('(input hidden): ')) {
          typed = true;
          child.stdin.write(type);
        }
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  it('on a terminal, prompts for the key without echoing it', async () => {
    const h = home();
    const result = await loginOnTerminal(h, `${KEY}\r`);
    expect(result.output).toContain('Qobra API key (input hidden): ');
    expect(result.output).not.toContain(KEY);
    expect(result.code).toBe(0);
    expect(readFileSync(h.credentials, 'utf8')).toBe(`${KEY}\n`);
  });

  it('on a terminal, Ctrl-C at the prompt exits 130 and writes nothing', async () => {
    const h = home();
    const result = await loginOnTerminal(h, 'half-typed\u0003');
    expect(result.code).toBe(130);
    expect(result.output).not.toContain('half-typed');
    expect(() => statSync(h.credentials)).toThrow();
  });
});

describe('auth status', () => {
  it.each<
    [
      string,
      (h: ReturnType<typeof home>) => { args: string[]; env: Record<string, string | undefined> },
      string,
    ]
  >([
    [
      'the credentials file',
      (h) => {
        mkdirSync(h.folder, { recursive: true });
        writeFileSync(h.credentials, `${KEY}\n`, { mode: 0o600 });
        return { args: [], env: h.env() };
      },
      'the credentials file ',
    ],
    [
      'QOBRA_API_KEY',
      (h) => ({ args: [], env: { ...h.env(), QOBRA_API_KEY: KEY } }),
      'the QOBRA_API_KEY environment variable',
    ],
    [
      '--api-key-file',
      (h) => {
        const file = join(h.config, 'key.txt');
        writeFileSync(file, KEY, { mode: 0o600 });
        return { args: ['--api-key-file', file], env: { ...h.env(), QOBRA_API_KEY: 'ignored-key-value' } };
      },
      '--api-key-file ',
    ],
  ])(
    'names the source (%s), shows only the last 4 characters, exit 0 when accepted',
    async (_name, setup, source) => {
      const { args, env } = setup(home());
      const run = await runCli(['auth', 'status', ...args], { env });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`key: from ${source}`);
      expect(run.stdout).toContain('ending in …9876');
      expect(run.stdout).toContain('accepted: ');
      expect(`${run.stdout}${run.stderr}`).not.toContain(KEY.slice(0, -4));
    },
  );

  it('exit 4 when refused (403), 5 when unreachable', async () => {
    const h = home();
    const env = { ...h.env(), QOBRA_API_KEY: KEY };
    const server = await startServer((_request, response) => json(response, 403, {}));
    const refused = await runCli(['auth', 'status', '--base-url', server.url], { env });
    const { url } = server;
    await server.close();
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('the API refused the key in force (HTTP 403)');
    const unreachable = await runCli(['auth', 'status', '--base-url', url], { env, timeoutMs: 30_000 });
    expect(unreachable.code).toBe(5);
  }, 40_000);
});

describe('auth logout', () => {
  it('removes the credentials file, and says when there was none', async () => {
    const h = home();
    mkdirSync(h.folder, { recursive: true });
    writeFileSync(h.credentials, `${KEY}\n`, { mode: 0o600 });
    const first = await runCli(['auth', 'logout'], { env: h.env() });
    expect([first.code, first.stdout]).toEqual([0, `removed ${h.credentials}\n`]);
    expect(() => statSync(h.credentials)).toThrow();
    const again = await runCli(['auth', 'logout'], { env: h.env() });
    expect([again.code, again.stdout]).toEqual([
      0,
      `no credentials file at ${h.credentials}: nothing to remove\n`,
    ]);
  });
});
