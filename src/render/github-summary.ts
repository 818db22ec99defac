/**
 * The Markdown appended to GitHub's job summary (`$GITHUB_STEP_SUMMARY`): per import its outcome,
 * a table of its data tables, the biggest problem groups of each failing table, and the command that
 * lists the rows. Server text is escaped so it stays text: no Markdown or HTML structure, no cell
 * or row breaks.
 */
import type { DataImport } from '../api/schema.js';
import { outcomeLabel, statusLabel } from '../format/label.js';
import { formatCount, formatPercent } from '../format/number.js';
import { PROGRAM } from '../format/talk-line.js';
import { groupProblems } from '../model/error-groups.js';
import { type ImportReport, reportOutcome, tableVerdict, totalRecords } from '../model/import-report.js';
import { isKnownStatus, rejectedRowCount, totalRejectedRows } from '../model/outcome.js';
import { notDoneReason, tableErrorMessage } from './ci-words.js';
import { sanitize } from './sanitize.js';

/** Problem groups shown per failing table. */
export const TOP_PROBLEMS = 5;

const MARK: Record<string, string> = { succeeded: '✅', failed: '❌', running: '⏳', error: '⚠️' };

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text as Markdown that renders as itself: HTML's specials as entities; backslash escapes for what
 * starts emphasis, code, links, images, strikethrough, math and table cells, and for `:`, `.`, `@`
 * and `#`, which GitHub would otherwise turn into autolinks and references; line breaks as `<br>`
 * (so a table cell stays one cell); other control characters made visible. Every line of the
 * result is inside one paragraph or cell, so no block (heading, list, quote) can start.
 */
export function markdownText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) =>
      sanitize(line).replace(/[&<>]|[\\`*_[\]()|~!#@:.$]/g, (char) => ENTITIES[char] ?? `\\${char}`),
    )
    .join('<br>');
}

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |\n`;
const table = (header: readonly string[], rows: readonly string[][]): string =>
  `${row(header)}${row(header.map(() => '---'))}${rows.map(row).join('')}\n`;

/** The Markdown for one run: a section per import. */
export function renderStepSummary(reports: readonly ImportReport[]): string {
  return `## ${PROGRAM}\n\n${reports.map(importSection).join('')}`;
}

function importSection(report: ImportReport): string {
  const outcome = reportOutcome(report);
  const heading = `### ${MARK[outcome] ?? ''} Import ${markdownText(report.id)}`;
  const dataImport = report.dataImport;
  if (report.error || !dataImport) {
    const why = report.error ? `${report.error.code}: ${report.error.message}` : 'never fetched';
    return `${heading}: could not be checked\n\n${markdownText(why)}\n\n`;
  }
  const label = outcomeLabel({
    status: dataImport.status,
    statusKnown: isKnownStatus(dataImport.status),
    outcome,
  });
  const records = totalRecords(dataImport);
  const facts = [
    `${formatPercent(dataImport.progress)} done`,
    `${dataImport.data_tables_details.length} data tables`,
    records === null ? 'records not counted yet' : `${formatCount(records)} records`,
    `${formatCount(totalRejectedRows(dataImport))} rejected rows`,
  ];
  return `${heading}: ${markdownText(label)}\n\n${facts.join(' · ')}\n\n${tablesTable(report, dataImport)}${problems(report, dataImport)}`;
}

function tablesTable(report: ImportReport, dataImport: DataImport): string {
  const rows = dataImport.data_tables_details.map((detail) => {
    const verdict = tableVerdict(detail);
    const state =
      verdict === 'failed'
        ? `❌ ${tableErrorMessage(detail)}`
        : verdict === 'running'
          ? `⏳ ${notDoneReason(detail, report.stoppedWaiting)}`
          : `✅ ${statusLabel(detail.status, isKnownStatus(detail.status))}`;
    const records = detail.number_of_records;
    return [
      markdownText(detail.data_table_key),
      markdownText(state),
      typeof records === 'number' ? formatCount(records) : '—',
      formatCount(rejectedRowCount(detail)),
    ];
  });
  return rows.length
    ? table(['Data table', 'Status', 'Records', 'Rejected rows'], rows)
    : 'No data tables yet.\n\n';
}

function problems(report: ImportReport, dataImport: DataImport): string {
  const failing = dataImport.data_tables_details.filter((detail) => rejectedRowCount(detail) > 0);
  if (!failing.length) return '';
  const sections = failing.map((detail) => {
    const groups = groupProblems(detail);
    const rows = groups.problems
      .slice(0, TOP_PROBLEMS)
      .map((group) => [
        markdownText(group.column ?? '—'),
        markdownText(group.message),
        formatCount(group.count),
      ]);
    return `Top problems in ${markdownText(detail.data_table_key)}:\n\n${table(['Column', 'Problem', 'Rows'], rows)}`;
  });
  return `${sections.join('')}To see the rows: ${seeRowsCommand(report.id)}\n\n`;
}

/** The command in a code span, or as escaped text for an id a code span or a shell word would not hold. */
function seeRowsCommand(id: string): string {
  const text = `${PROGRAM} errors ${id}`;
  return /^[A-Za-z0-9_.@~-]+$/.test(id)
    ? `\`${text}\``
    : markdownText(`${PROGRAM} errors '${id.replace(/'/g, "'\\''")}'`);
}
