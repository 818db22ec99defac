/**
 * `errors <import-id...>`: the rejected rows of each import. On a terminal a grouped summary then a
 * page of rows; piped, one plain line per row; `--json` / `--csv` exports. The selection (which
 * imports, which data tables) is applied once, here; the exporter, chosen once, writes what it
 * selected, streamed in chunks (back-pressure honoured, memory bounded), and stops quietly once the
 * reader goes away.
 */

import type { FetchedImport } from '../api/client.js';
import type { DataImport } from '../api/schema.js';
import { PipeClosedError, usageError } from '../errors.js';
import { formatPercent } from '../format/number.js';
import { closestNames } from '../format/suggest.js';
import { exitCodeForOutcome, isKnownStatus, type Outcome, unknownStatuses } from '../model/outcome.js';
import {
  missingTables,
  type Selection,
  selectedOutcome,
  selectImport,
  tablesNoImportHas,
  uniqueIds,
} from '../model/selection.js';
import { chooseErrorsExporter } from '../output/choose-errors-exporter.js';
import { fetchEach } from '../output/fetch-each.js';
import { renderUnknownStatusWarning } from '../render/error-message.js';
import { sanitize } from '../render/sanitize.js';
import { type CommandDeps, type CommandResult, combineResults, type OutputOptions } from './command.js';

export { ERRORS_PAGE_SIZE } from '../output/choose-errors-exporter.js';

export interface ErrorsOptions extends OutputOptions {
  ids: string[];
  csv: boolean;
  /** --safe-csv: neutralise formula cells. */
  safeCsv: boolean;
  /** --table, repeatable; empty means every data table. */
  tables: string[];
  /** At most this many rows in total, across every import. */
  limit?: number;
  /** --all: every row on a terminal instead of the first page. */
  all: boolean;
  /** false with --no-pager; otherwise a terminal view taller than the screen goes through $PAGER. */
  pager?: boolean;
}

export async function runErrors(options: ErrorsOptions, deps: CommandDeps): Promise<CommandResult> {
  const { stdout, talk } = deps;
  const ids = uniqueIds(options.ids);
  const selection: Selection = { importIds: ids, tables: options.tables };
  if (options.safeCsv && !options.csv) talk.warn('--safe-csv applies to --csv only');
  // Our own abort as well as Ctrl-C's: a closed pipe cancels look-ups still in flight, so `| head` ends at once.
  const stop = new AbortController();
  const results: CommandResult[] = [];
  const lookups = fetchEach(selection.importIds, deps, results, {
    signal: AbortSignal.any([deps.signal, stop.signal]),
    stopWhen: () => stdout.closed,
  });

  try {
    // A --table key is judged against every import before a row is shown: a typo must not pass as "no rejected rows".
    const imports = selection.tables.length ? await checkedTables(lookups, selection) : lookups;
    const exporter = await chooseErrorsExporter({ ...options, ids }, deps);
    for await (const fetched of imports) {
      const dataImport = fetched.document.data_import;
      const selected = selectImport(dataImport, selection);
      const outcome = selectedOutcome(dataImport, selected);
      deps.importLog?.seen(fetched.id, selected);
      results.push({ exitCode: exitCodeForOutcome(outcome) });
      warn(dataImport, outcome, selection, deps);
      await exporter.writeImport(selected);
    }
    await exporter.end?.();
  } catch (error) {
    // The reader went away (`| head`): stop quietly, with the exit code the imports seen so far earned.
    if (error instanceof PipeClosedError) return combineResults(results);
    throw error;
  } finally {
    talk.stopSpinner();
    stop.abort(new PipeClosedError('stopped'));
  }
  return combineResults(results);
}

/** Every import, once none lacks a --table key that all the others lack too (else a usage error, 2). */
async function checkedTables(
  lookups: AsyncIterable<FetchedImport>,
  selection: Selection,
): Promise<FetchedImport[]> {
  const fetched: FetchedImport[] = [];
  for await (const one of lookups) fetched.push(one);
  // Nothing was fetched (every look-up failed): nothing to judge the keys by, the failures speak.
  if (fetched.length === 0) return fetched;
  const unknown = tablesNoImportHas(
    fetched.map((one) => one.document.data_import),
    selection,
  );
  const [first] = unknown;
  if (first === undefined) return fetched;
  const known = [
    ...new Set(
      fetched.flatMap((one) => one.document.data_import.data_tables_details.map((t) => t.data_table_key)),
    ),
  ];
  const which =
    fetched.length === 1 ? 'the import has no such data table' : 'no selected import has such a data table';
  const named = unknown.map((table) => `"${sanitize(table)}"`).join(', ');
  const guesses = closestNames(first, known);
  const guess = guesses.length ? `did you mean --table ${sanitize(guesses[0] ?? '')}? ` : '';
  const list = known.length ? known.map(sanitize).join(', ') : 'none yet';
  throw usageError(`--table ${named}: ${which}; ${guess}data tables: ${list}`);
}

/** Talk about the import as fetched: undocumented statuses, tables asked for that it lacks, still running. */
function warn(dataImport: DataImport, outcome: Outcome, selection: Selection, { talk }: CommandDeps): void {
  const id = sanitize(dataImport.id);
  for (const status of unknownStatuses(dataImport)) {
    talk.say(renderUnknownStatusWarning(dataImport.id, status));
  }
  const keys = dataImport.data_tables_details.map((t) => t.data_table_key);
  for (const table of missingTables(dataImport, selection)) {
    const known = keys.length ? keys.map(sanitize).join(', ') : 'none yet';
    talk.warn(`import ${id} has no data table "${sanitize(table)}" (its data tables: ${known})`);
  }
  if (outcome === 'running') {
    // "finished" with a data table in an undocumented status is not finished (see isFinished).
    const state = !isKnownStatus(dataImport.status)
      ? `still ${sanitize(dataImport.status)} (unknown status)`
      : dataImport.status === 'finished'
        ? 'not finished (a data table reports an undocumented status)'
        : `still ${dataImport.status}`;
    talk.tell(
      `import ${id} is ${state}, ${formatPercent(dataImport.progress)}: these are the rows rejected so far; more may follow`,
    );
  }
}
