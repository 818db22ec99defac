/**
 * The history as one run sees it: read at most once (for `@last` and `list`), and every successful
 * look-up of the run remembered, then written in one go once the result is out. Off with
 * --no-history or QOBRA_IMPORTS_NO_HISTORY=1: then nothing is read or written.
 */
import type { FetchedImport, ImportsApi } from '../api/client.js';
import { usageError } from '../errors.js';
import { entryOf, type HistoryEntry } from '../history/entry.js';
import { appendHistory, readHistory } from '../history/file.js';
import { historyOffByEnv, historyPath } from '../history/location.js';
import type { Env } from '../util/env.js';

export interface HistorySession {
  /** The file, or undefined when the history is off (or there is no home folder to keep it in). */
  readonly path: string | undefined;
  /** Each remembered id once, newest first; a usage error when the history is off. */
  entries(): readonly HistoryEntry[];
  /** The API, remembering each import it fetches. */
  recording(api: ImportsApi): ImportsApi;
  /** Writes what was remembered; returns warnings (a failure to write never fails the command). */
  save(): string[];
  /** Warnings from reading (damaged lines, an unreadable file), once each. */
  takeProblems(): string[];
}

export function openHistory(env: Env, enabled: boolean, now: () => number): HistorySession {
  const path = enabled && !historyOffByEnv(env) ? historyPath(env) : undefined;
  let read: readonly HistoryEntry[] | undefined;
  let problems: string[] = [];
  const seen = new Map<string, HistoryEntry>();
  const remember = (fetched: FetchedImport): FetchedImport => {
    if (path) seen.set(fetched.id, entryOf(fetched.document.data_import, fetched.id, now()));
    return fetched;
  };
  return {
    path,
    entries() {
      if (!path) {
        throw usageError(
          'the history is off (--no-history, QOBRA_IMPORTS_NO_HISTORY, or no HOME or XDG_STATE_HOME)',
          'give the import id itself',
        );
      }
      if (!read) {
        const result = readHistory(path);
        read = result.entries;
        problems.push(...result.problems);
      }
      return read;
    },
    recording(api) {
      if (!path) return api;
      return {
        fetchImport: (id, signal) => api.fetchImport(id, signal).then(remember),
        fetchImportOnce: (id, signal) => api.fetchImportOnce(id, signal).then(remember),
      };
    },
    save() {
      if (!path || seen.size === 0) return [];
      const entries = [...seen.values()];
      seen.clear();
      try {
        appendHistory(path, entries);
        return [];
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? String(error);
        return [`could not update the history ${path} (${code}); the result above is not affected`];
      }
    },
    takeProblems() {
      const taken = problems;
      problems = [];
      return taken;
    },
  };
}
