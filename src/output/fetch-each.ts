/**
 * Per-import look-ups for the commands that report several imports: all asked for at once (the API
 * client lets only a few into flight, first come first served), each import handed on in the order given. A failed look-up is told on stderr and recorded, and the next
 * import goes on: every import is reported, and the most serious outcome sets the exit code.
 */
import type { FetchedImport, ImportsApi } from '../api/client.js';
import type { Deps } from '../deps.js';
import { QiError } from '../errors.js';
import type { ImportLog } from '../model/import-report.js';
import { renderErrorLines } from '../render/error-message.js';
import { sanitize } from '../render/sanitize.js';
import type { Talk } from './talk.js';

type LookupDeps = Pick<Deps, 'stderr' | 'signal'> & { api: ImportsApi; talk: Talk; importLog?: ImportLog };

/** Where a failed look-up is recorded: a command's list of per-import results. */
type Results = { exitCode: number; error?: QiError }[];

export interface FetchEachOptions {
  /** Aborts the look-ups (default: Ctrl-C's signal). */
  signal?: AbortSignal;
  /** Checked before waiting for each import: true ends the loop (e.g. once the reader went away). */
  stopWhen?: () => boolean;
}

/**
 * Starts every look-up now (so they run while the caller loads its view) and yields each import as
 * its turn comes, with a spinner while it waits. A failure is written to stderr and pushed to
 * `results` as `{ exitCode, error }`; an interruption, or an error that is not ours, ends the loop.
 */
export function fetchEach(
  ids: readonly string[],
  deps: LookupDeps,
  results: Results,
  { signal = deps.signal, stopWhen = () => false }: FetchEachOptions = {},
): AsyncGenerator<FetchedImport> {
  const pending: (Promise<FetchedImport> | undefined)[] = ids.map((id) => {
    const lookup = deps.api.fetchImport(id, signal);
    // Awaited in order below; a late rejection must not count as "unhandled" meanwhile.
    lookup.catch(() => {});
    return lookup;
  });
  return (async function* () {
    for (const [index, id] of ids.entries()) {
      if (stopWhen()) return;
      const fetched = await settle(id, pending[index], deps, results);
      pending[index] = undefined; // let a finished 20 MB document be collected before the next one
      if (fetched) yield fetched;
    }
  })();
}

async function settle(
  id: string,
  pending: Promise<FetchedImport> | undefined,
  deps: LookupDeps,
  results: Results,
): Promise<FetchedImport | undefined> {
  deps.talk.startSpinner(`Fetching import ${sanitize(id)}…`);
  try {
    return await pending;
  } catch (error) {
    // The CI reports name the import the interruption caught waiting, too.
    if (error instanceof QiError) deps.importLog?.failed(id, error);
    // An interruption, or a bug rather than a failed look-up, is for cli.ts to report.
    if (!(error instanceof QiError) || error.code === 'interrupted') throw error;
    deps.talk.stopSpinner();
    await deps.stderr.write(renderErrorLines(error)).catch(() => {});
    results.push({ exitCode: error.exitCode, error });
    return undefined;
  } finally {
    deps.talk.stopSpinner();
  }
}
