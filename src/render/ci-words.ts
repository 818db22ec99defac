/**
 * Words shared by the CI reports (JUnit, GitHub Actions): a data table's error in one line, why a
 * table is not done, and its first rejected rows. Raw text: each report escapes it its own way.
 */
import type { DataTableDetail } from '../api/schema.js';
import { formatCount, formatPercent } from '../format/number.js';
import type { StoppedWaiting } from '../model/import-report.js';
import { stringifyExact } from '../values/exact-number.js';

/** Rows listed per data table; the rest are counted. */
export const MAX_LISTED_ROWS = 100;

/** "title: description", either part left out when the API sent none. */
export function tableErrorMessage(table: DataTableDetail): string {
  const { title, description } = table.error ?? {};
  const parts = [title, description].filter((part): part is string => Boolean(part));
  return parts.length ? parts.join(': ') : 'the data table reported an error';
}

const WHY_STOPPED: Record<StoppedWaiting, string> = {
  timeout: 'when the watch timed out',
  'fail-fast': 'when --fail-fast stopped the watch',
  interrupted: 'when the command was interrupted',
};

/** "still started, 40% when the watch timed out". */
export function notDoneReason(table: DataTableDetail, stopped?: StoppedWaiting): string {
  const why = stopped ? ` ${WHY_STOPPED[stopped]}` : '';
  return `still ${table.status}, ${formatPercent(table.progress)}${why}`;
}

/** One line per rejected row (line number, details, the row), the first MAX_LISTED_ROWS, then a count of the rest. */
export function rejectedRowLines(table: DataTableDetail, max = MAX_LISTED_ROWS): string[] {
  const details = table.error?.parsing_error_details ?? [];
  const lines = details.slice(0, max).map((detail) => {
    const line = detail.line_number == null ? '?' : String(stringifyExact(detail.line_number));
    const row = detail.row == null ? '' : ` row ${stringifyExact(detail.row)}`;
    return `line ${line}: ${detail.details ?? '(no details)'}${row}`;
  });
  const rest = details.length - lines.length;
  if (rest > 0) lines.push(`… and ${formatCount(rest)} more ${rest === 1 ? 'row' : 'rows'}`);
  return lines;
}
