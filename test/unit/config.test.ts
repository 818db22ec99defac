// Configuration precedence: base URL, and API key (flag > env > credentials file).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { credentialsPath, resolveApiKey } from '../../src/config/api-key.js';
import { DEFAULT_BASE_URL, resolveBaseUrl } from '../../src/config/base-url.js';
import { QiError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'qobra-imports-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
/** A fresh XDG config home holding `credentials` with the given text and mode (or none). */
function configHome(text?: string, mode = 0o600): string {
  const home = join(dir, `xdg-${counter++}`);
  mkdirSync(join(home, 'qobra-imports'), { recursive: true });
  if (text !== undefined) {
    const file = join(home, 'qobra-imports', 'credentials');
    writeFileSync(file, text);
    chmodSync(file, mode);
  }
  return home;
}

function keyFile(text: string): string {
  const file = join(dir, `key-${counter++}`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

const noStdin = () => Readable.from([]);

async function refusal(promise: Promise<unknown>): Promise<QiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(QiError);
  expect(error).toMatchObject({ code: 'usage', exitCode: 2 });
  return error as QiError;
}

describe('resolveBaseUrl', () => {
  it('flag > QOBRA_BASE_URL > default', () => {
    const env = { QOBRA_BASE_URL: 'https://env.test/v1' };
    expect(resolveBaseUrl('https://flag.test/v1', env)).toBe('https://flag.test/v1');
    expect(resolveBaseUrl(undefined, env)).toBe('https://env.test/v1');
    expect(resolveBaseUrl(undefined, {})).toBe(DEFAULT_BASE_URL);
    expect(resolveBaseUrl(undefined, { QOBRA_BASE_URL: '  ' })).toBe(DEFAULT_BASE_URL);
    expect(DEFAULT_BASE_URL).toBe('https://api.qobra.co/v1');
  });

  it('drops trailing slashes and keeps ports', () => {
    expect(resolveBaseUrl('https://api.qobra.co/v1/', {})).toBe('https://api.qobra.co/v1');
    expect(resolveBaseUrl('http://127.0.0.1:4010/', {})).toBe('http://127.0.0.1:4010');
    expect(resolveBaseUrl(undefined, { QOBRA_BASE_URL: ' http://localhost:8080/v1// ' })).toBe(
      'http://localhost:8080/v1',
    );
  });

  it.each([
    '',
    'not a url',
    'ftp://api.qobra.co/v1',
    'file:///etc/passwd',
    'https://user:pw@api.qobra.co/v1',
    'https://api.qobra.co/v1?x=1',
    'https://api.qobra.co/v1#top',
  ])('refuses %j as a usage error', async (flag) => {
    await refusal(Promise.resolve().then(() => resolveBaseUrl(flag, {})));
  });
});

describe('credentialsPath', () => {
  it('uses XDG_CONFIG_HOME, else HOME/.config, else the home directory', () => {
    expect(credentialsPath({ XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' })).toBe(
      '/xdg/qobra-imports/credentials',
    );
    expect(credentialsPath({ HOME: '/home/u' })).toBe('/home/u/.config/qobra-imports/credentials');
    expect(credentialsPath({ XDG_CONFIG_HOME: '', HOME: '/home/u' })).toBe(
      '/home/u/.config/qobra-imports/credentials',
    );
    expect(credentialsPath({})).toBe(join(homedir(), '.config', 'qobra-imports', 'credentials'));
  });
});

describe('resolveApiKey', () => {
  it('--api-key-file beats QOBRA_API_KEY, which beats the credentials file', async () => {
    const env = { QOBRA_API_KEY: 'from-env', XDG_CONFIG_HOME: configHome('from-credentials\n') };
    expect(await resolveApiKey({ apiKeyFile: keyFile('from-flag\n'), env, stdin: noStdin() })).toBe(
      'from-flag',
    );
    expect(await resolveApiKey({ apiKeyFile: undefined, env, stdin: noStdin() })).toBe('from-env');
    expect(
      await resolveApiKey({
        apiKeyFile: undefined,
        env: { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME },
        stdin: noStdin(),
      }),
    ).toBe('from-credentials');
  });

  it('reads the key from stdin with -', async () => {
    const stdin = Readable.from(['sk_live_', 'FROMSTDIN\n']);
    expect(await resolveApiKey({ apiKeyFile: '-', env: { QOBRA_API_KEY: 'from-env' }, stdin })).toBe(
      'sk_live_FROMSTDIN',
    );
  });

  it('trims surrounding whitespace everywhere', async () => {
    expect(await resolveApiKey({ apiKeyFile: keyFile('\n  k1 \r\n'), env: {}, stdin: noStdin() })).toBe('k1');
    expect(
      await resolveApiKey({ apiKeyFile: undefined, env: { QOBRA_API_KEY: '\tk2 ' }, stdin: noStdin() }),
    ).toBe('k2');
    expect(await resolveApiKey({ apiKeyFile: '-', env: {}, stdin: Readable.from(['  k3\n']) })).toBe('k3');
    const env = { XDG_CONFIG_HOME: configHome('  k4\n\n') };
    expect(await resolveApiKey({ apiKeyFile: undefined, env, stdin: noStdin() })).toBe('k4');
  });

  it('finds the credentials file under HOME/.config when XDG_CONFIG_HOME is unset', async () => {
    const home = join(dir, `home-${counter++}`);
    mkdirSync(join(home, '.config', 'qobra-imports'), { recursive: true });
    writeFileSync(join(home, '.config', 'qobra-imports', 'credentials'), 'k-home\n', { mode: 0o600 });
    expect(await resolveApiKey({ apiKeyFile: undefined, env: { HOME: home }, stdin: noStdin() })).toBe(
      'k-home',
    );
  });

  it('a missing key says all three ways to give one', async () => {
    const env = { XDG_CONFIG_HOME: configHome() };
    const error = await refusal(resolveApiKey({ apiKeyFile: undefined, env, stdin: noStdin() }));
    expect(error.message).toContain('QOBRA_API_KEY');
    expect(error.message).toContain('--api-key-file');
    expect(error.message).toContain(credentialsPath(env));
  });

  it.each([
    ['an empty QOBRA_API_KEY', { QOBRA_API_KEY: '   ' }, undefined, ''],
    ['an empty key file', {}, 'file', ' \n'],
    ['an empty stdin', {}, '-', '\n'],
    ['an empty credentials file', {}, 'credentials', '\n\n'],
  ])('%s is a usage error naming all three ways', async (_why, extraEnv, source, text) => {
    const env = { ...extraEnv, XDG_CONFIG_HOME: configHome(source === 'credentials' ? text : undefined) };
    const apiKeyFile = source === 'file' ? keyFile(text) : source === '-' ? '-' : undefined;
    const error = await refusal(resolveApiKey({ apiKeyFile, env, stdin: Readable.from([text]) }));
    for (const way of ['QOBRA_API_KEY', '--api-key-file', credentialsPath(env)])
      expect(error.message).toContain(way);
  });

  it('refuses a credentials file readable by group or others, and accepts 0600', async () => {
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      const env = { XDG_CONFIG_HOME: configHome('sk_live_SECRET123456\n', mode) };
      const error = await refusal(resolveApiKey({ apiKeyFile: undefined, env, stdin: noStdin() }));
      expect(error.message).toContain('chmod 600');
      expect(error.message).not.toContain('SECRET123456');
    }
    for (const mode of [0o600, 0o400]) {
      const env = { XDG_CONFIG_HOME: configHome('sk_live_SECRET123456\n', mode) };
      expect(await resolveApiKey({ apiKeyFile: undefined, env, stdin: noStdin() })).toBe(
        'sk_live_SECRET123456',
      );
    }
  });

  it('says so when --api-key-file does not exist', async () => {
    const error = await refusal(
      resolveApiKey({ apiKeyFile: join(dir, 'nope'), env: { QOBRA_API_KEY: 'k' }, stdin: noStdin() }),
    );
    expect(error.message).toContain('no such file');
  });

  it.each([
    ['a space', 'sk_live_SECRET 123456'],
    ['a tab', 'sk_live_SECRET\t123456'],
    ['two lines', 'sk_live_SECRET\n123456'],
    ['ESC', 'sk_live_SECRET\u001b123456'],
    ['DEL', 'sk_live_SECRET\u007f123456'],
    ['non-ASCII', 'sk_live_SECRÉT123456'],
  ])('refuses a key with %s without echoing it', async (_why, key) => {
    for (const sources of [
      { apiKeyFile: undefined, env: { QOBRA_API_KEY: key } },
      { apiKeyFile: keyFile(key), env: {} },
      { apiKeyFile: '-', env: {} },
    ]) {
      const error = await refusal(resolveApiKey({ ...sources, stdin: Readable.from([key]) }));
      expect(error.message).not.toContain('SECRET');
      expect(error.message).not.toContain('123456');
    }
  });
});

describe('a key that is only whitespace', () => {
  it('QOBRA_API_KEY of blanks says it is empty, not unset', async () => {
    const env = { QOBRA_API_KEY: ' \t ', XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'qi-blank-')) };
    const error = await resolveApiKey({ apiKeyFile: undefined, env, stdin: Readable.from([]) }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/^QOBRA_API_KEY is empty \(only whitespace\); /);
    expect(error?.message).not.toMatch(/^no API key/);
  });
});
