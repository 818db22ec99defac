/**
 * `watch` in a pipe or a CI log: one timestamped line per change (a status change, or progress
 * crossing a step), and the talk lines for stderr (heartbeat, retries, recovery, warnings).
 * Plain text, no escape codes; every server string sanitized.
 */
import type { DataImport, DataTableDetail } from '../api/schema.js';
import { outcomeLabel, statusLabel } from '../format/label.js';
import { formatPercent, plural } from '../format/number.js';
import { talkLine } from '../format/talk-line.js';
import { formatDuration, logTime } from '../format/time.js';
import { hasError, importOutcome, isKnownStatus, rejectedRowCount } from '../model/outcome.js';
import type { RetryEvent } from '../watch/poll.js';
import { standing, type WatchState } from '../watch/state.js';
import { renderRetryAfterNote } from './retry-after-note.js';
import { sanitize } from './sanitize.js';
import { renderErrorText } from './status-plain.js';

/** A progress line is printed each time progress crosses a multiple of this many percent. */
export const PROGRESS_STEP = 10;

/** Which step a percentage is in; unknown progress is its own step. */
function progressStep(percent: number | null | undefined, step: number): number {
  if (typeof percent !== 'number' || Number.isNaN(percent)) return -1;
  return Math.floor(Math.min(100, Math.max(0, percent)) / step);
}

/**
 * The lines worth printing for the move from `previous` (undefined: first look) to `next`: the
 * import when its status changes or its progress crosses a step, a data table when it appears,
 * changes status or reports an error. Tables' own percentages would multiply the lines by their number.
 */
export function renderChangeLines(
  id: string,
  previous: DataImport | undefined,
  next: DataImport,
  at: number,
  step = PROGRESS_STEP,
): string[] {
  const stamp = logTime(at);
  const name = `import ${sanitize(id)}`;
  const lines: string[] = [];
  const importMoved =
    !previous ||
    previous.status !== next.status ||
    progressStep(previous.progress, step) !== progressStep(next.progress, step) ||
    importOutcome(previous) !== importOutcome(next);
  if (importMoved) {
    const label = outcomeLabel({
      status: next.status,
      statusKnown: isKnownStatus(next.status),
      outcome: importOutcome(next),
    });
    lines.push(`${stamp} ${name}: ${sanitize(label)}, ${formatPercent(next.progress)}${tablesNote(next)}`);
  }
  const before = new Map((previous?.data_tables_details ?? []).map((table) => [table.data_table_key, table]));
  for (const table of next.data_tables_details) {
    const old = before.get(table.data_table_key);
    if (old && !tableMoved(old, table)) continue;
    lines.push(`${stamp} ${name} table ${renderTableState(table)}`);
  }
  return lines;
}

/** " (1 of 4 data tables finished)" while running; nothing once finished (the table lines say it). */
function tablesNote(dataImport: DataImport): string {
  const tables = dataImport.data_tables_details;
  if (tables.length === 0) return ', no data tables yet';
  if (dataImport.status === 'finished') return '';
  const done = tables.filter((table) => table.status === 'finished').length;
  return ` (${done} of ${plural(tables.length, 'data table')} finished)`;
}

function tableMoved(old: DataTableDetail, table: DataTableDetail): boolean {
  return (
    old.status !== table.status ||
    hasError(old) !== hasError(table) ||
    rejectedRowCount(old) !== rejectedRowCount(table)
  );
}

function renderTableState(table: DataTableDetail): string {
  const parts = [
    `${sanitize(table.data_table_key)}: ${sanitize(statusLabel(table.status, isKnownStatus(table.status)))}`,
    formatPercent(table.progress),
    `records ${table.number_of_records ?? '-'}`,
  ];
  if (table.error) {
    const text = renderErrorText({
      errorTitle: table.error.title ?? null,
      errorDescription: table.error.description ?? null,
    });
    parts.push(`error ${text} (${plural(rejectedRowCount(table), 'rejected row')})`);
  }
  return parts.join(', ');
}

/** Heartbeats on stderr come this often while nothing changes, so CI knows the job is alive. */
export const HEARTBEAT_MS = 60_000;

/** "qobra-imports: <time> still watching import X (started, 42%, no change for 1m 05s, next check in 24s)". */
export function renderHeartbeat(state: WatchState, now: number): string {
  const parts = state.imports
    .filter((watch) => !watch.end)
    .map((watch) => {
      const facts = [standing(watch)];
      if (watch.trouble)
        facts.push(
          `${sanitize(watch.trouble.reason)} for ${formatDuration(now - watch.trouble.since)}, retrying`,
        );
      else if (watch.lastChangeAt !== undefined)
        facts.push(`no change for ${formatDuration(now - watch.lastChangeAt)}`);
      if (watch.nextCheckAt !== undefined && watch.nextCheckAt > now)
        facts.push(`next check in ${formatDuration(watch.nextCheckAt - now)}`);
      return `import ${sanitize(watch.id)} (${sanitize(facts.join(', '))})`;
    });
  return talkLine(`${logTime(now)} still watching ${parts.join('; ')}`);
}

/** "qobra-imports: import X: HTTP 503; retrying in 8s (failing for 40s, giving up after 5m 00s)". */
export function renderRetryLine(event: RetryEvent): string {
  const reason = sanitize(event.error.extra.reason ?? event.error.message);
  const asked = renderRetryAfterNote(event.retryAfter, event.retryAfterAskedMs);
  // Until the API has answered once, the watch has the patience of `status` (a few attempts), not five minutes.
  const streak =
    event.unansweredAttempts !== undefined
      ? ` (attempt ${event.attempt + 1} of ${event.unansweredAttempts}: the API has not answered yet)`
      : event.failingForMs > 0
        ? ` (failing for ${formatDuration(event.failingForMs)}, giving up after ${formatDuration(event.giveUpAfterMs)})`
        : '';
  return talkLine(
    `${logTime(event.at)} import ${sanitize(event.id)}: ${reason}; retrying in ${formatDuration(event.delayMs)}${asked}${streak}`,
  );
}

export function renderRecoveredLine(id: string, at: number, failedForMs: number): string {
  return talkLine(
    `${logTime(at)} import ${sanitize(id)}: answering again after ${formatDuration(failedForMs)} of failures`,
  );
}
