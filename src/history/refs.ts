/** `@last`, `@last~1`, …: ids from the history, newest first, wherever an import id is accepted. */
import { usageError } from '../errors.js';
import type { HistoryEntry } from './entry.js';

const REF = /^@last(?:~(\d{1,6}))?$/;

export const isHistoryRef = (arg: string): boolean => arg.startsWith('@last');

/**
 * Replaces each `@last~N` by the id of the Nth most recent import (0 = the latest); other arguments
 * pass through. `history` is read only when a reference is there. A reference beyond the history,
 * or a malformed one, is a usage error.
 */
export function resolveHistoryRefs(
  args: readonly string[],
  history: () => readonly HistoryEntry[],
): string[] {
  if (!args.some(isHistoryRef)) return [...args];
  const entries = history();
  return args.map((arg) => {
    if (!isHistoryRef(arg)) return arg;
    const match = REF.exec(arg);
    if (!match)
      throw usageError(`"${arg.slice(0, 40)}" is not a history reference`, 'use @last, @last~1, @last~2, …');
    const back = Number(match[1] ?? 0);
    const entry = entries[back];
    if (!entry) {
      const held =
        entries.length === 0
          ? 'the history is empty'
          : `the history holds ${entries.length} import${entries.length === 1 ? '' : 's'} (@last to @last~${entries.length - 1})`;
      throw usageError(`${arg}: ${held}`, 'see `qobra-imports list`');
    }
    return entry.id;
  });
}
