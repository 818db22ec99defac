/**
 * Where the API key comes from: `--api-key-file PATH|-` > `QOBRA_API_KEY` > the credentials file.
 * There is deliberately no flag taking the key itself: argv is visible in `ps` and shell history.
 */
// Synchronous reads of a tiny file: node:fs/promises alone costs a few ms of start-up on every run.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { addAbortSignal, type Readable } from 'node:stream';
import { usageError } from '../errors.js';
import type { Env } from '../util/env.js';

export interface ApiKeySources {
  apiKeyFile: string | undefined;
  env: Env;
  stdin: Readable;
  /** Ctrl-C while waiting for the key on stdin ends the wait (with the signal's reason). */
  signal?: AbortSignal;
}

/** Path of the credentials file: $XDG_CONFIG_HOME/qobra-imports/credentials, else ~/.config/... */
export function credentialsPath(env: Env): string {
  const configHome = env.XDG_CONFIG_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.config');
  return join(configHome, 'qobra-imports', 'credentials');
}

export function missingKeyMessage(env: Env): string {
  return `no API key: set QOBRA_API_KEY, pass --api-key-file PATH (or - to read it from stdin), or save it in ${credentialsPath(env)} (chmod 600)`;
}

export async function resolveApiKey(sources: ApiKeySources): Promise<string> {
  // `sources.stdin` is read only for `-`: touching process.stdin sets up a stream, a cost every run would pay.
  const { apiKeyFile, env } = sources;
  if (apiKeyFile !== undefined) {
    const text =
      apiKeyFile === '-'
        ? await readAll(sources.stdin, sources.signal)
        : readKeyFile(apiKeyFile, '--api-key-file');
    return checkKey(
      text,
      apiKeyFile === '-' ? 'the key read from stdin' : `--api-key-file ${apiKeyFile}`,
      env,
    );
  }
  const fromEnv = env.QOBRA_API_KEY?.trim();
  if (fromEnv) return checkKey(fromEnv, 'QOBRA_API_KEY', env);

  const path = credentialsPath(env);
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) throw usageError(missingKeyMessage(env));
  // A key readable by others is as good as leaked; ssh refuses such files for the same reason.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw usageError(`${path} is readable by group or others; run: chmod 600 '${path}'`);
  }
  return checkKey(readKeyFile(path, 'the credentials file'), path, env);
}

function readKeyFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : code;
    throw usageError(`cannot read ${what} ${path}: ${why}`);
  }
}

async function readAll(stream: Readable, signal: AbortSignal | undefined): Promise<string> {
  if (signal) addAbortSignal(signal, stream);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size > 64 * 1024) throw usageError('the key read from stdin is longer than 64 KiB');
      chunks.push(buffer);
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
  return Buffer.concat(chunks).toString('utf8');
}

function checkKey(raw: string, source: string, env: Env): string {
  const key = raw.trim();
  if (!key) throw usageError(`${source} is empty; ${missingKeyMessage(env)}`);
  // An HTTP header cannot carry these; saying so beats a confusing network error (and never echoes the key).
  if (/[^\x21-\x7e]/.test(key)) {
    throw usageError(
      `${source} holds characters that cannot be sent as an API key (spaces, line breaks, control or non-ASCII characters)`,
    );
  }
  return key;
}
