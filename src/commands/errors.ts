/**
 * `errors <import-id...>`: the rejected rows of each import. On a terminal a grouped summary then a
 * page of rows; piped, one plain line per row; `--json` / `--csv` exports. Output is streamed in
 * chunks (back-pressure honoured, memory bounded) and stops quietly once the reader goes away.
 */
import type { FetchedImport } from '../api/client.js';
import type { DataImport } from '../api/schema.js';
import type { Output } from '../deps.js';
import { PipeClosedError } from '../errors.js';
import { summarizeErrors } from '../model/error-groups.js';
import { type ErrorRow, errorRows } from '../model/error-rows.js';
import {
  exitCodeForOutcome,
  importOutcome,
  isKnownStatus,
  type Outcome,
  totalRejectedRows,
  unknownStatuses,
} from '../model/outcome.js';
import { missingTables, type Selection, selectImport } from '../model/selection.js';
import { renderErrorLines, renderUnknownStatusWarning } from '../render/error-message.js';
import { csvColumns, renderCsvHeader, renderCsvRow } from '../render/errors-csv.js';
import { createErrorRowJsonRenderer } from '../render/errors-json.js';
import { renderErrorRowPlain, renderErrorsHeadlinesPlain } from '../render/errors-plain.js';
import { formatPercent } from '../render/progress-bar.js';
import { sanitize } from '../render/sanitize.js';
import {
  asQiError,
  type CommandDeps,
  type CommandResult,
  combineResults,
  mapBounded,
  type OutputOptions,
} from './command.js';

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
}

/** Rows shown on a terminal unless --all or --limit says otherwise: one screenful and a bit. */
export const ERRORS_PAGE_SIZE = 50;
/** Look-ups in flight at once, as for `status`. */
const CONCURRENCY = 4;
/** A write per this many lines (or characters): few syscalls, yet back-pressure still bites. */
const CHUNK_LINES = 512;
const CHUNK_CHARS = 128 * 1024;

type Mode = 'json' | 'csv' | 'terminal' | 'plain';
/** How many more rows may be written, shared by every import (--limit counts across them all). */
interface Budget {
  remaining: number;
}

export async function runErrors(options: ErrorsOptions, deps: CommandDeps): Promise<CommandResult> {
  const { stdout, talk } = deps;
  const mode: Mode = options.json ? 'json' : options.csv ? 'csv' : stdout.isTTY ? 'terminal' : 'plain';
  if (options.safeCsv && !options.csv) talk.say('qobra-imports: warning: --safe-csv applies to --csv only');
  // Our own abort as well as Ctrl-C's: a closed pipe cancels look-ups still in flight, so `| head` ends at once.
  const stop = new AbortController();
  const signal = AbortSignal.any([deps.signal, stop.signal]);
  const pending: (Promise<FetchedImport> | undefined)[] = mapBounded(options.ids, CONCURRENCY, (id) =>
    deps.api.fetchImport(id, signal),
  );
  const budget: Budget = {
    remaining: options.limit ?? (mode === 'terminal' && !options.all ? ERRORS_PAGE_SIZE : Infinity),
  };
  const show = await createShow(mode, options, deps, budget);
  const selection: Selection = { importIds: options.ids, tables: options.tables };
  const results: CommandResult[] = [];
  const kept: DataImport[] = [];
  let selectedRows = 0;

  try {
    for (const [index, id] of options.ids.entries()) {
      if (stdout.closed) break;
      const dataImport = await fetchOne(id, pending, index, deps, results);
      pending[index] = undefined; // let a finished 20 MB document be collected before the next one
      if (!dataImport) continue;
      const selected = selectImport(dataImport, selection);
      const outcome = importOutcome(selected);
      results.push({ exitCode: exitCodeForOutcome(outcome) });
      warn(dataImport, outcome, selection, deps);
      selectedRows += totalRejectedRows(selected);
      if (mode === 'csv') kept.push(selected);
      else await show(selected);
    }
    // No header when every look-up failed: a failure before any result leaves stdout empty.
    if (mode === 'csv' && kept.length) await writeCsv(kept, options, deps, budget);
    const shown = (options.limit ?? 0) - budget.remaining;
    if (options.limit !== undefined && mode !== 'terminal' && selectedRows > shown) {
      talk.say(`qobra-imports: showed ${shown} of ${selectedRows} rejected rows (--limit ${options.limit})`);
    }
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

/** Awaits one look-up; a failure is reported on stderr and recorded, and the next import goes on. */
async function fetchOne(
  id: string,
  pending: (Promise<FetchedImport> | undefined)[],
  index: number,
  deps: CommandDeps,
  results: CommandResult[],
): Promise<DataImport | undefined> {
  deps.talk.startSpinner(`Fetching import ${sanitize(id)}…`);
  try {
    return (await pending[index])?.document.data_import;
  } catch (error) {
    const failure = asQiError(error);
    if (!failure || failure.code === 'interrupted') throw error;
    deps.talk.stopSpinner();
    await deps.stderr.write(renderErrorLines(failure)).catch(() => {});
    results.push({ exitCode: failure.exitCode, error: failure });
    return undefined;
  } finally {
    deps.talk.stopSpinner();
  }
}

function warn(dataImport: DataImport, outcome: Outcome, selection: Selection, { talk }: CommandDeps): void {
  const id = sanitize(dataImport.id);
  for (const status of unknownStatuses(dataImport)) {
    talk.say(renderUnknownStatusWarning(dataImport.id, status));
  }
  const keys = dataImport.data_tables_details.map((t) => t.data_table_key);
  for (const table of missingTables(dataImport, selection)) {
    const known = keys.length ? keys.map(sanitize).join(', ') : 'none yet';
    talk.say(
      `qobra-imports: warning: import ${id} has no data table "${sanitize(table)}" (its data tables: ${known})`,
    );
  }
  if (outcome === 'running') {
    const state = isKnownStatus(dataImport.status)
      ? dataImport.status
      : `${sanitize(dataImport.status)} (unknown status)`;
    talk.say(
      `qobra-imports: import ${id} is still ${state}, ${formatPercent(dataImport.progress)}: these are the rows rejected so far; more may follow`,
    );
  }
}

/** Yields at most `budget.remaining` items, spending the budget as it goes. */
export function* take<T>(items: Iterable<T>, budget: Budget): Generator<T> {
  if (budget.remaining <= 0) return;
  for (const item of items) {
    budget.remaining--;
    yield item;
    if (budget.remaining <= 0) return;
  }
}

/** Writes lines in chunks joined once: no string the size of the whole output, and each write awaited. */
export async function writeLines<T>(
  out: Output,
  items: Iterable<T>,
  render: (item: T) => string,
  signal?: AbortSignal,
): Promise<void> {
  let chunk: string[] = [];
  let size = 0;
  for (const item of items) {
    const line = render(item);
    chunk.push(line);
    size += line.length;
    if (chunk.length >= CHUNK_LINES || size >= CHUNK_CHARS) {
      await out.write(chunk.join(''));
      await interruptionPoint(signal);
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length) await out.write(chunk.join(''));
}

/**
 * Lets Ctrl-C in between two chunks. Writes to a pipe are synchronous on Linux, so without a turn
 * of the event loop the signal handler would only run once all 100,000 rows were out.
 */
async function interruptionPoint(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return;
  await new Promise((resolve) => setImmediate(resolve));
  if (signal.aborted) throw signal.reason;
}

type Show = (dataImport: DataImport) => Promise<void>;

/** The per-import writer for a mode; the terminal's (chalk and the grid) is loaded only when used. */
async function createShow(
  mode: Mode,
  options: ErrorsOptions,
  deps: CommandDeps,
  budget: Budget,
): Promise<Show> {
  const { stdout, talk } = deps;
  const rowsOf = (dataImport: DataImport): Iterable<ErrorRow> =>
    take(errorRows(dataImport.id, dataImport), budget);
  if (mode === 'json') {
    const render = createErrorRowJsonRenderer(stdout.isTTY);
    return (dataImport) => writeLines(stdout, rowsOf(dataImport), render, deps.signal);
  }
  if (mode === 'plain') {
    const plain = { withImportId: options.ids.length > 1 };
    return async (dataImport) => {
      // The summary goes to stderr so stdout stays one line per row for grep, wc -l and friends.
      const headlines = renderErrorsHeadlinesPlain(dataImport);
      for (const line of headlines) talk.say(`qobra-imports: ${line}`);
      await writeLines(stdout, rowsOf(dataImport), (row) => renderErrorRowPlain(row, plain), deps.signal);
    };
  }
  if (mode === 'csv') return async () => {};
  const [{ makeChalk, colorEnabled }, terminal] = await Promise.all([
    import('../render/color.js'),
    import('../render/errors-terminal.js'),
  ]);
  const context = {
    chalk: await makeChalk(colorEnabled(options.color, deps.env, stdout.isTTY)),
    columns: stdout.columns > 0 ? stdout.columns : 100,
  };
  return async (dataImport) => {
    const summary = summarizeErrors(dataImport);
    await stdout.write(terminal.renderErrorsSummary(summary, context));
    const before = budget.remaining;
    if (summary.rejectedRows > 0 && before > 0) {
      await stdout.write('\n');
      const showTable = summary.tables.filter((t) => t.rejectedRows > 0).length > 1;
      const parts = terminal.renderRowsTable(rowsOf(dataImport), context, { showTable });
      for (const part of parts) {
        await stdout.write(part);
        await interruptionPoint(deps.signal);
      }
    }
    const notShown = summary.rejectedRows - (before - budget.remaining);
    if (notShown > 0) await stdout.write(terminal.renderMoreRows(notShown, options.limit, context));
    if (options.ids.length > 1) await stdout.write('\n');
  };
}

/** CSV needs every column before the first row: a keys-only pass over the same rows, then the rows. */
async function writeCsv(
  imports: DataImport[],
  options: ErrorsOptions,
  deps: CommandDeps,
  budget: Budget,
): Promise<void> {
  const rows = function* (): Generator<ErrorRow> {
    for (const dataImport of imports) yield* errorRows(dataImport.id, dataImport);
  };
  const columns = csvColumns(take(rows(), { remaining: budget.remaining }));
  const csv = { safe: options.safeCsv, terminal: deps.stdout.isTTY };
  await deps.stdout.write(renderCsvHeader(columns, csv));
  await writeLines(deps.stdout, take(rows(), budget), (row) => renderCsvRow(row, columns, csv), deps.signal);
}
