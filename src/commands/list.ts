/**
 * `list`: the imports this machine looked at, newest first, from the local history (Qobra has no
 * route that lists imports). `--refresh` looks each one up again; the run's recording of look-ups
 * (cli/history-session.ts) then updates the history.
 */
import type { Deps } from '../deps.js';
import { PipeClosedError } from '../errors.js';
import { entryOf, type HistoryEntry } from '../history/entry.js';
import { fetchEach } from '../output/fetch-each.js';
import { colorEnabled, makeChalk } from '../render/color.js';
import { renderListIds, renderListJson, renderListPlain, renderListTable } from '../render/history-list.js';
import { type CommandDeps, type CommandResult, combineResults, type OutputOptions } from './command.js';

export interface ListOptions extends OutputOptions {
  refresh: boolean;
  limit?: number;
  /** The ids alone, one per line: for shell completion. */
  idsOnly: boolean;
}

export interface ListDeps extends Deps {
  /** The history, each id once, newest first. */
  history: readonly HistoryEntry[];
  /** Only --refresh connects (and so needs a key). */
  connect(): Promise<CommandDeps>;
}

export async function runList(options: ListOptions, deps: ListDeps): Promise<CommandResult> {
  let entries = deps.history.slice(0, options.limit ?? deps.history.length);
  const results: CommandResult[] = [];
  if (options.refresh && entries.length > 0) entries = await refresh(entries, await deps.connect(), results);
  const { stdout } = deps;
  if (entries.length === 0 && !options.idsOnly && !options.json) {
    await deps.stderr
      .write(
        'qobra-imports: no imports remembered yet: `status`, `watch` and `errors` remember the ids they look up\n',
      )
      .catch(() => {});
  }
  const text = options.idsOnly
    ? renderListIds(entries)
    : options.json
      ? renderListJson(entries)
      : stdout.isTTY
        ? await terminalTable(entries, options, deps)
        : renderListPlain(entries);
  if (text) {
    await stdout.write(text).catch((error: unknown) => {
      if (!(error instanceof PipeClosedError)) throw error;
    });
  }
  return combineResults(results);
}

/** Each entry looked up again (a few at a time: the client caps requests in flight); a failure keeps the old one. */
async function refresh(
  entries: readonly HistoryEntry[],
  deps: CommandDeps,
  results: CommandResult[],
): Promise<HistoryEntry[]> {
  const fresh = new Map<string, HistoryEntry>();
  for await (const fetched of fetchEach(
    entries.map((entry) => entry.id),
    deps,
    results,
  )) {
    fresh.set(fetched.id, entryOf(fetched.document.data_import, fetched.id, deps.now()));
  }
  return entries.map((entry) => fresh.get(entry.id) ?? entry);
}

async function terminalTable(
  entries: readonly HistoryEntry[],
  options: ListOptions,
  deps: Deps,
): Promise<string> {
  if (entries.length === 0) return '';
  const chalk = await makeChalk(colorEnabled(options.color, deps.env, true));
  return renderListTable(entries, chalk, deps.stdout.columns > 0 ? deps.stdout.columns : 100);
}
