/** `list`: the remembered imports as a terminal table, plain lines, or NDJSON. */
import type { ChalkInstance } from 'chalk';
import { outcomeLabel } from '../format/label.js';
import { formatCount, plural } from '../format/number.js';
import { formatTimestamp } from '../format/time.js';
import type { HistoryEntry } from '../history/entry.js';
import { isKnownStatus } from '../model/outcome.js';
import { type Cell, type Column, renderTable } from './grid.js';
import { sanitize } from './sanitize.js';

// The status came from the server once: escaped like any server text before it reaches a screen.
const label = (entry: HistoryEntry): string =>
  sanitize(outcomeLabel({ ...entry, statusKnown: isKnownStatus(entry.status) }));

/** One line per import: `ID  finished with errors, 2 data tables, 1 rejected row, looked at 2026-… UTC`. */
export function renderListPlain(entries: readonly HistoryEntry[]): string {
  return entries
    .map(
      (entry) =>
        `${entry.id} ${label(entry)}, ${plural(entry.tables, 'data table')}, ${plural(entry.rejected, 'rejected row')}, looked at ${formatTimestamp(Date.parse(entry.at))}\n`,
    )
    .join('');
}

/** NDJSON: one entry per line, the history's own fields. */
export function renderListJson(entries: readonly HistoryEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

/** The ids alone, one per line (what shell completion reads). */
export const renderListIds = (entries: readonly HistoryEntry[]): string =>
  entries.map((entry) => `${entry.id}\n`).join('');

const COLUMNS: readonly Column[] = [
  { header: 'Ref' },
  { header: 'Import id', shrink: true, minWidth: 12 },
  { header: 'Outcome', shrink: true, minWidth: 8 },
  { header: 'Tables', align: 'right' },
  { header: 'Rejected', align: 'right' },
  { header: 'Looked at (UTC)' },
];

/** A table that fits `columns`, with each import's `@last~N` reference and its outcome in colour. */
export function renderListTable(
  entries: readonly HistoryEntry[],
  chalk: ChalkInstance,
  columns: number,
): string {
  const rows: Cell[][] = entries.map((entry, index) => {
    const color =
      entry.outcome === 'succeeded' ? chalk.green : entry.outcome === 'failed' ? chalk.red : chalk.yellow;
    return [
      index === 0 ? '@last' : `@last~${index}`,
      entry.id,
      { text: label(entry), style: color },
      formatCount(entry.tables),
      formatCount(entry.rejected),
      formatTimestamp(Date.parse(entry.at)).replace(' UTC', ''),
    ];
  });
  return renderTable(COLUMNS, rows, columns, chalk.bold);
}
