/**
 * Where the API key comes from: `--api-key-file PATH|-` > `QOBRA_API_KEY` > the credentials file.
 * There is deliberately no flag taking the key itself: argv is visible in `ps` and shell history.
 */
// Synchronous stat (and, in key-input, reads) of a tiny file: node:fs/promises alone costs a few ms of start-up.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { usageError } from '../errors.js';
import type { Env } from '../util/env.js';
import { danglingLinkTarget, readKeyFile, readKeyStream } from './key-input.js';

export interface ApiKeySources {
  apiKeyFile: string | undefined;
  env: Env;
  stdin: Readable;
  /** Ctrl-C while waiting for the key on stdin, a FIFO or a device ends the wait (with the signal's reason). */
  signal?: AbortSignal;
  /** Told about a key file that group or others can read (the credentials file is refused instead). */
  warn?: (message: string) => void;
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
  if (apiKeyFile === '-') {
    const what = 'the key read from stdin';
    return checkKey(await readKeyStream(sources.stdin, what, sources.signal), what, env);
  }
  if (apiKeyFile !== undefined) {
    const what = `--api-key-file ${apiKeyFile}`;
    const file = await readKeyFile(apiKeyFile, what, sources.signal);
    // Warned, not refused: the user named this file on purpose, perhaps one they do not own.
    if (file.exposed) {
      sources.warn?.(`${what} is readable by group or others; consider: chmod 600 '${apiKeyFile}'`);
    }
    return checkKey(file.text, what, env);
  }
  // Set to blanks is not unset: saying "no API key" would send the user looking in the wrong place.
  if (env.QOBRA_API_KEY) return checkKey(env.QOBRA_API_KEY, 'QOBRA_API_KEY', env);

  const path = credentialsPath(env);
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) {
    // A link to a file that is gone (a moved dotfiles repository) is not "no key": it is a key mislaid.
    const target = danglingLinkTarget(path);
    if (target !== undefined) {
      throw usageError(
        `the credentials file ${path} is a symbolic link to ${target}, which does not exist; fix the link or remove it, or set QOBRA_API_KEY, or pass --api-key-file PATH`,
      );
    }
    throw usageError(missingKeyMessage(env));
  }
  // A key readable by others is as good as leaked; ssh refuses such files for the same reason.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw usageError(`${path} is readable by group or others; run: chmod 600 '${path}'`);
  }
  const file = await readKeyFile(path, `the credentials file ${path}`, sources.signal);
  return checkKey(file.text, path, env);
}

/** The key trimmed, or a usage error (2) for an empty one or one no HTTP header can carry. */
export function checkKey(raw: string, source: string, env: Env): string {
  const key = raw.trim();
  if (!key) {
    const blank = raw.length > 0 ? ' (only whitespace)' : '';
    throw usageError(`${source} is empty${blank}; ${missingKeyMessage(env)}`);
  }
  // An HTTP header cannot carry these; saying so beats a confusing network error (and never echoes the key).
  if (/[^\x21-\x7e]/.test(key)) {
    throw usageError(
      `${source} holds characters that cannot be sent as an API key (spaces, line breaks, control or non-ASCII characters)`,
    );
  }
  return key;
}

/** Where the key in force comes from, in the order resolveApiKey looks (for `auth status`). */
export function keySource(apiKeyFile: string | undefined, env: Env): string {
  if (apiKeyFile === '-') return '--api-key-file - (stdin)';
  if (apiKeyFile !== undefined) return `--api-key-file ${apiKeyFile}`;
  if (env.QOBRA_API_KEY?.trim()) return 'the QOBRA_API_KEY environment variable';
  return `the credentials file ${credentialsPath(env)}`;
}
