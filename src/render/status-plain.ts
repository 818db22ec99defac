/** `status` for pipes and logs: the same facts as the terminal view, as plain lines without escape codes. */

import { outcomeLabel, statusLabel } from '../format/label.js';
import { formatPercent, plural } from '../format/number.js';
import { PROGRAM } from '../format/talk-line.js';
import { formatDuration, formatTimestamp } from '../format/time.js';
import type { ImportSummary, TableSummary } from '../model/summary.js';
import { sanitize } from './sanitize.js';

/** What colour the plain view may use: none unless asked for (`--color`, `FORCE_COLOR`) in a pipe. */
export interface PlainColors {
  outcome(summary: ImportSummary): (text: string) => string;
  error(text: string): string;
}

const NO_COLORS: PlainColors = { outcome: () => (text) => text, error: (text) => text };

export function renderStatusPlain(summary: ImportSummary, colors: PlainColors = NO_COLORS): string {
  const label = colors.outcome(summary)(sanitize(outcomeLabel(summary)));
  const lines = [`import ${sanitize(summary.id)}: ${label}, ${formatPercent(summary.progress)}`];
  const timeLine = renderTimesLine(summary);
  if (timeLine) lines.push(`  ${timeLine}`);
  if (summary.tables.length === 0) lines.push('  no data tables yet');
  for (const table of summary.tables) {
    const line = `  ${renderTablePlain(table)}`;
    lines.push(table.hasError ? colors.error(line) : line);
  }
  return `${lines.join('\n')}\n`;
}

export function renderTablePlain(table: TableSummary): string {
  const parts = [
    `table ${sanitize(table.key)}`,
    `type ${sanitize(table.type ?? '-')}`,
    sanitize(statusLabel(table.status, table.statusKnown)),
    formatPercent(table.progress),
    `records ${table.records ?? '-'}`,
  ];
  if (table.hasError)
    parts.push(`error ${renderErrorText(table)} (${plural(table.rejectedRows, 'rejected row')})`);
  return parts.join(', ');
}

/** "ParsingError: Can't parse ...", sanitized; used by every view. */
export function renderErrorText(table: Pick<TableSummary, 'errorTitle' | 'errorDescription'>): string {
  const text = [table.errorTitle, table.errorDescription].filter((s) => s).join(': ');
  return sanitize(text || 'error (no description)');
}

/** "created …, launched … (queued 4m 55s), finished … (ran 10m 45s)", or running equivalents. */
export function renderTimesLine(summary: ImportSummary): string {
  const { createdAt, launchedAt, finishedAt, queuedMs, ranMs } = summary.times;
  const parts: string[] = [];
  if (createdAt !== undefined) parts.push(`created ${formatTimestamp(createdAt)}`);
  if (launchedAt !== undefined) {
    parts.push(
      `launched ${formatTimestamp(launchedAt)}${queuedMs !== undefined ? ` (queued ${formatDuration(queuedMs)})` : ''}`,
    );
  } else if (queuedMs !== undefined) parts.push(`queued for ${formatDuration(queuedMs)} so far`);
  if (finishedAt !== undefined) {
    parts.push(
      `finished ${formatTimestamp(finishedAt)}${ranMs !== undefined ? ` (ran ${formatDuration(ranMs)})` : ''}`,
    );
  } else if (ranMs !== undefined) parts.push(`running for ${formatDuration(ranMs)}`);
  return parts.join(', ');
}

/** The nudge towards `errors` when rows were rejected (goes to stderr: it is talk, not a result). */
export function renderErrorsHint(summary: ImportSummary): string | undefined {
  if (summary.rejectedRows === 0) return undefined;
  const rows = plural(summary.rejectedRows, 'row');
  return `${rows} of import ${sanitize(summary.id)} ${summary.rejectedRows === 1 ? 'was' : 'were'} rejected: run \`${PROGRAM} errors ${sanitize(summary.id)}\` to see ${summary.rejectedRows === 1 ? 'it' : 'them'}`;
}

/** The next step for an import still running (exit 8): following it beats polling `status` by hand. */
export function renderWatchHint(summary: ImportSummary): string | undefined {
  if (summary.outcome !== 'running') return undefined;
  return `import ${sanitize(summary.id)} is still running: run \`${PROGRAM} watch ${sanitize(summary.id)}\` to follow it until it finishes`;
}

/** One nudge for several imports: the rows they rejected together, and one command that shows them all. */
export function renderCombinedErrorsHint(summaries: readonly ImportSummary[]): string | undefined {
  const rejecting = summaries.filter((summary) => summary.rejectedRows > 0);
  if (rejecting.length <= 1) return rejecting[0] && renderErrorsHint(rejecting[0]);
  const total = rejecting.reduce((sum, summary) => sum + summary.rejectedRows, 0);
  const ids = rejecting.map((summary) => sanitize(summary.id)).join(' ');
  return `${plural(total, 'row')} of ${rejecting.length} imports were rejected: run \`${PROGRAM} errors ${ids}\` to see them`;
}
