/**
 * GitHub Actions workflow commands for a run's imports: `::error` per data table with an error (and
 * per import that could not be fetched), `::warning` per table still running when the run stopped
 * waiting, and the first rejected rows folded in `::group::` … `::endgroup::`. Values are escaped as
 * GitHub's runner unescapes them, after other control characters are made visible, so server text
 * can neither end a command early nor start one of its own.
 */
import type { DataTableDetail } from '../api/schema.js';
import { type ImportReport, tableVerdict } from '../model/import-report.js';
import { rejectedRowCount } from '../model/outcome.js';
import { notDoneReason, rejectedRowLines, tableErrorMessage } from './ci-words.js';
import { sanitize } from './sanitize.js';

// Like sanitize()'s set, without CR and LF: those are escaped the way GitHub specifies instead.
const UNSAFE_BUT_LINES =
  /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const visible = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A command's message (after the second `::`): `%`, CR and LF escaped. */
export function escapeData(text: string): string {
  return text
    .replace(UNSAFE_BUT_LINES, visible)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
}

/** A property value (`title=…`): as data, and `:` and `,` too, which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const command = (name: string, message: string, title?: string): string =>
  `::${name}${title === undefined ? '' : ` title=${escapeProperty(title)}`}::${escapeData(message)}\n`;

/** Every command for the run, as lines of text (empty when there is nothing to say). */
export function renderWorkflowCommands(reports: readonly ImportReport[]): string {
  return reports.map(importCommands).join('');
}

function importCommands(report: ImportReport): string {
  const dataImport = report.dataImport;
  if (report.error || !dataImport) {
    const message = report.error?.message ?? `import ${report.id} was never fetched`;
    return command('error', message, `Import ${report.id} could not be checked`);
  }
  return dataImport.data_tables_details.map((table) => tableCommands(report, table)).join('');
}

function tableCommands(report: ImportReport, table: DataTableDetail): string {
  const where = `Import ${report.id}, data table ${table.data_table_key}`;
  const verdict = tableVerdict(table);
  if (verdict === 'running' && report.stoppedWaiting) {
    return command(
      'warning',
      `${table.data_table_key}: ${notDoneReason(table, report.stoppedWaiting)}`,
      where,
    );
  }
  if (verdict !== 'failed') return '';
  const rows = rejectedRowCount(table);
  const annotation = command('error', `${tableErrorMessage(table)} (${rows} rejected rows)`, where);
  if (rows === 0) return annotation;
  // Plain log lines: sanitised whole, so no server text starts a line (nor a command) of its own.
  const lines = rejectedRowLines(table).map((line) => `${sanitize(line)}\n`);
  const group = `::group::${escapeData(`Rejected rows of ${where}`)}\n${lines.join('')}::endgroup::\n`;
  return annotation + group;
}
