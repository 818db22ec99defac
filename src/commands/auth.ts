/**
 * `auth login | status | logout`: keep the API key in the credentials file, and check it. Qobra has
 * no "who am I" route, so a key is checked by looking up an import id that cannot exist: 401/403
 * means refused; 404 means the API took the key (it does not prove the key can read your imports).
 */
import type { ImportsApi } from '../api/client.js';
import { checkKey, keySource, resolveApiKey } from '../config/api-key.js';
import { removeCredentials, saveCredentials } from '../config/credentials.js';
import { readKeyStream } from '../config/key-input.js';
import type { Deps } from '../deps.js';
import { QiError } from '../errors.js';
import { isTerminalInput, promptSecret } from '../output/secret-prompt.js';
import type { CommandDeps, CommandResult } from './command.js';

/** Valid as an id (24 hex digits, like Qobra's), but no import has it. */
export const PROBE_ID = '000000000000000000000000';

const ACCEPTED =
  'accepted: a look-up of a made-up import id was answered 404 (not found) rather than 401/403 (refused), ' +
  'so the API took the key; that does not prove it can read your imports';

export interface AuthDeps extends Deps {
  /** A client for this key (or, without one, for the key in force), on the base URL in force. */
  connect(apiKey?: string): Promise<CommandDeps>;
}

export interface AuthStatusOptions {
  /** --api-key-file, to say where the key in force comes from. */
  apiKeyFile?: string;
}

export async function runAuthLogin(_options: Record<string, never>, deps: AuthDeps): Promise<CommandResult> {
  const raw = isTerminalInput(deps.stdin)
    ? await promptSecret(deps.stdin, deps.stderr, 'Qobra API key (input hidden): ', deps.signal)
    : await readKeyStream(deps.stdin, 'the key read from stdin', deps.signal);
  const key = checkKey(raw, 'the key given', deps.env);
  const connected = await deps.connect(key);
  await check(connected.api, deps.signal, 'this key; nothing was written');
  let path: string;
  try {
    path = saveCredentials(deps.env, key);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new QiError('usage', `the key was accepted but could not be saved (${code})`);
  }
  await deps.stdout.write(`${ACCEPTED}\nsaved to ${path} (mode 0600)\n`);
  const overriding = deps.env.QOBRA_API_KEY?.trim();
  if (overriding)
    connected.talk.warn('QOBRA_API_KEY is set in this environment and is used before the credentials file');
  return { exitCode: 0 };
}

export async function runAuthStatus(options: AuthStatusOptions, deps: AuthDeps): Promise<CommandResult> {
  const key = await resolveApiKey({
    apiKeyFile: options.apiKeyFile,
    env: deps.env,
    signal: deps.signal,
    get stdin() {
      return deps.stdin;
    },
  });
  const shown = key.length >= 8 ? `ending in …${key.slice(-4)}` : 'too short to show any of it';
  await deps.stdout.write(`key: from ${keySource(options.apiKeyFile, deps.env)}, ${shown}\n`);
  const connected = await deps.connect(key);
  await check(connected.api, deps.signal, 'the key in force');
  await deps.stdout.write(`${ACCEPTED}\n`);
  return { exitCode: 0 };
}

export async function runAuthLogout(_options: Record<string, never>, deps: Deps): Promise<CommandResult> {
  const { path, removed } = removeCredentials(deps.env);
  await deps.stdout.write(
    removed ? `removed ${path}\n` : `no credentials file at ${path}: nothing to remove\n`,
  );
  if (deps.env.QOBRA_API_KEY?.trim()) {
    await deps.stderr
      .write('qobra-imports: warning: QOBRA_API_KEY is still set in this environment\n')
      .catch(() => {});
  }
  return { exitCode: 0 };
}

/** One look-up of PROBE_ID: 404 (or, against all odds, 200) is accepted; 401/403 is exit 4; the rest as they come. */
async function check(api: ImportsApi, signal: AbortSignal, refusedWhat: string): Promise<void> {
  try {
    await api.fetchImport(PROBE_ID, signal);
  } catch (error) {
    if (error instanceof QiError && error.code === 'not_found') return;
    if (error instanceof QiError && error.code === 'auth') {
      throw new QiError('auth', `the API refused ${refusedWhat} (HTTP ${error.extra.status ?? '401/403'})`, {
        ...(error.hint ? { hint: error.hint } : {}),
        ...(error.extra.status ? { status: error.extra.status } : {}),
      });
    }
    throw error;
  }
}
