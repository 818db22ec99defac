/** Where the history lives and whether it is kept at all. */
import { join } from 'node:path';
import type { Env } from '../util/env.js';

/** `$XDG_STATE_HOME/qobra-imports/history.jsonl`, else `~/.local/state/...`; undefined when neither is set. */
export function historyPath(env: Env): string | undefined {
  const stateHome = env.XDG_STATE_HOME?.trim();
  if (stateHome) return join(stateHome, 'qobra-imports', 'history.jsonl');
  const home = env.HOME?.trim();
  // No HOME (a bare service environment): no guess at someone else's home folder, no history.
  return home ? join(home, '.local', 'state', 'qobra-imports', 'history.jsonl') : undefined;
}

/** QOBRA_IMPORTS_NO_HISTORY=1 (or true, yes) turns the history off, as --no-history does. */
export function historyOffByEnv(env: Env): boolean {
  return ['1', 'true', 'yes'].includes(env.QOBRA_IMPORTS_NO_HISTORY?.trim().toLowerCase() ?? '');
}
