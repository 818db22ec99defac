/**
 * The live terminal view of `watch`, as lines: per import a headline (status, bar, time, rate,
 * ETA), a line per data table, then notes (stalled, retrying, failed) and when it is next checked.
 * Pure: the view that writes it owns the cursor arithmetic; every line here fits the width given.
 */
import type { ChalkInstance } from 'chalk';
import type { DataImport } from '../api/schema.js';
import { outcomeLabel, statusLabel } from '../format/label.js';
import {
  formatPercent,
  formatPercentRate,
  formatRecordRate,
  formatRecords,
  plural,
} from '../format/number.js';
import { clock, countdown } from '../format/time.js';
import { type ImportSummary, summarizeImport, type TableSummary } from '../model/summary.js';
import { importEtaMs, liveEtaMs, liveRate, stalledForMs } from '../model/watch-progress.js';
import type { ImportWatch, TableTrends, WatchState } from '../watch/state.js';
import { clipText } from './cell-text.js';
import { renderProgressBar } from './progress-bar.js';
import { renderRetryAfterNote } from './retry-after-note.js';
import { sanitize } from './sanitize.js';
import { renderErrorText } from './status-plain.js';
import { outcomeColor, tableColor } from './status-terminal.js';
import { displayWidth, fitLine, padCells } from './text-width.js';

export interface FrameContext {
  chalk: ChalkInstance;
  /** Terminal width; lines are cut one short of it so the cursor never wraps. */
  columns: number;
  /** Terminal height when known: a taller frame is cut (a redraw cannot reach above the screen). */
  rows?: number;
  now: number;
  /**
   * Each import's lines from an earlier frame of the same second, kept while the import's revision
   * is the same: news about one import then redraws one block, not twenty. Without it (tests, the
   * final frame) every block is rendered from scratch.
   */
  blocks?: Map<ImportWatch, { key: string; lines: string[] }>;
}

const IMPORT_BAR = 20;
const TABLE_BAR = 12;
const KEY_WIDTH_MAX = 28;
const SYMBOL = { succeeded: '✔', failed: '✖', running: '◷' } as const;

export function renderWatchFrame(state: WatchState, context: FrameContext): string[] {
  const { chalk, now } = context;
  const total = state.imports.length;
  const ended = state.imports.filter((watch) => watch.end).length;
  const progress = ended > 0 ? `, ${ended} of ${total} done` : '';
  const lines = [
    chalk.dim(
      `Watching ${plural(total, 'import')} for ${clock(now - state.startedAt)}${progress} · Ctrl-C stops watching, imports keep running`,
    ),
  ];
  for (const watch of state.imports) {
    // A block that starts below the screen's last row is only counted (fitFrame says how many lines
    // are cut): its clocks need not tick, only news can change its height.
    const offScreen = context.rows !== undefined && lines.length >= context.rows - 2;
    lines.push(...cachedBlock(watch, context, offScreen));
  }
  return fitFrame(lines, context);
}

/**
 * The import's block, from the cache when nothing it shows can have changed: the same revision and
 * the same second (any second, for a block off the screen).
 */
function cachedBlock(watch: ImportWatch, context: FrameContext, offScreen: boolean): string[] {
  const { blocks } = context;
  if (!blocks) return renderImportBlock(watch, context);
  const second = offScreen ? 'off' : Math.floor(context.now / 1000);
  const key = `${watch.revision ?? 0}:${second}:${context.columns}:${context.rows}`;
  const kept = blocks.get(watch);
  if (kept?.key === key) return kept.lines;
  const lines = renderImportBlock(watch, context);
  blocks.set(watch, { key, lines });
  return lines;
}

function renderImportBlock(watch: ImportWatch, context: FrameContext): string[] {
  const { chalk, now } = context;
  const id = chalk.bold(sanitize(watch.id));
  const dataImport = watch.latest?.document.data_import;
  if (!dataImport)
    return [
      `${chalk.dim(SYMBOL.running)} ${id}  ${chalk.dim('checking…')}`,
      ...renderNotes(watch, undefined, context),
    ];
  const summary = clipServerText(summarizeImport(dataImport, now), context.columns);
  const color = outcomeColor(chalk, summary.outcome, summary.statusKnown);
  // Once progress stands still, a rate and ETA from earlier movement would mislead: the warning says it.
  const stalled = stalledForMs(watch.lastChangeAt, now) !== undefined;
  const time = timeFact(summary);
  let facts: string[] = [];
  if (summary.outcome === 'running' && !stalled) {
    const running = summary.tables
      .filter((table) => table.status !== 'finished')
      .map((table) => watch.tables.get(table.key)?.percent);
    facts = rateAndEta({ percent: watch.percent }, undefined, now, importEtaMs(watch.percent, running, now));
  }
  // On a narrow screen the elapsed time, then the rate, give way: the percentage and ETA stay.
  const headline = firstThatFits(
    [[time, ...facts], facts, facts.filter(isEta)].map((shown) =>
      withBar(
        [`${color(SYMBOL[summary.outcome])} ${id}`, color(sanitize(outcomeLabel(summary)))],
        summary.progress,
        [chalk.dim(shown.filter(Boolean).join(' · '))],
        IMPORT_BAR,
        context.columns,
      ),
    ),
    context.columns,
  );
  const lines = [headline];
  if (summary.tables.length === 0) lines.push(chalk.dim('    no data tables yet'));
  const keyWidth = Math.min(
    KEY_WIDTH_MAX,
    Math.max(...summary.tables.map((t) => displayWidth(sanitize(t.key)))),
  );
  const statusWidth = Math.max(
    ...summary.tables.map((t) => displayWidth(sanitize(statusLabel(t.status, t.statusKnown)))),
  );
  for (const table of summary.tables) {
    lines.push(
      renderTableLine(
        table,
        stalled ? {} : (watch.tables.get(table.key) ?? {}),
        { keyWidth, statusWidth },
        context,
      ),
    );
  }
  lines.push(...renderNotes(watch, dataImport, context));
  return lines;
}

/**
 * The summary with every server string cut to a screen's width: each line of the frame is cut to the
 * width anyway, and this way a 1 MB description costs nothing on every redraw.
 */
function clipServerText(summary: ImportSummary, columns: number): ImportSummary {
  const clip = (text: string): string => clipText(text, Math.max(columns, 20));
  const clipNullable = (text: string | null): string | null => (text === null ? null : clip(text));
  return {
    ...summary,
    status: clip(summary.status),
    tables: summary.tables.map((table) => ({
      ...table,
      key: clip(table.key),
      type: clipNullable(table.type),
      status: clip(table.status),
      errorTitle: clipNullable(table.errorTitle),
      errorDescription: clipNullable(table.errorDescription),
    })),
  };
}

function renderTableLine(
  table: TableSummary,
  trends: TableTrends,
  widths: { keyWidth: number; statusWidth: number },
  context: FrameContext,
): string {
  const { chalk } = context;
  const key = sanitize(table.key);
  const keyCell = padCells(
    displayWidth(key) > widths.keyWidth ? fitLine(key, widths.keyWidth) : key,
    widths.keyWidth,
  );
  const color = tableColor(chalk, table);
  const records = table.records === null ? chalk.dim('– records') : formatRecords(table.records);
  const facts =
    table.status === 'finished'
      ? []
      : rateAndEta(trends, table, context.now, liveEtaMs(trends.percent, context.now));
  const status = color(padCells(sanitize(statusLabel(table.status, table.statusKnown)), widths.statusWidth));
  // On a narrow screen the rate gives way before the record count and the ETA.
  const line = firstThatFits(
    [facts, facts.filter(isEta)].map((shown) =>
      withBar(
        [`    ${keyCell}`, status],
        table.progress,
        shown.length ? [records, chalk.dim(shown.join(' · '))] : [records],
        TABLE_BAR,
        context.columns,
      ),
    ),
    context.columns,
  );
  // The error text comes last: it is the part a narrow screen cuts.
  if (!table.hasError) return line;
  return `${line}  ${chalk.red(`✖ ${renderErrorText(table)} (${plural(table.rejectedRows, 'rejected row')})`)}`;
}

const isEta = (fact: string): boolean => fact.startsWith('ETA');

/** The first line that fits the screen (they come fullest first), else the last, to be cut. */
function firstThatFits(lines: string[], columns: number): string {
  const width = Math.max(10, columns - 1);
  return lines.find((line) => displayWidth(line) <= width) ?? lines.at(-1) ?? '';
}

/**
 * `before  bar pct  after`, where the bar shrinks (down to 4 cells, then goes) so that the numbers
 * after it (records, rate, ETA) still fit the screen's width.
 */
function withBar(
  before: string[],
  progress: number | null | undefined,
  after: string[],
  maxBar: number,
  columns: number,
): string {
  const percent = formatPercent(progress).padStart(4);
  const others = displayWidth([...before, percent, ...after].join('  ')) + 1;
  const barWidth = Math.min(maxBar, Math.max(10, columns - 1) - others - 2);
  const bar = barWidth >= 4 ? `${renderProgressBar(progress, barWidth)} ` : '';
  return [...before, `${bar}${percent}`, ...after].join('  ');
}

/** Rate (records per second when counts move, else percent per minute) and an ETA from the percentage. */
function rateAndEta(
  trends: TableTrends,
  table: TableSummary | undefined,
  now: number,
  eta: number | undefined,
): string[] {
  const facts: string[] = [];
  const recordRate = table ? liveRate(trends.records, now) : undefined;
  const percentRate = liveRate(trends.percent, now);
  if (recordRate !== undefined && recordRate > 0) facts.push(formatRecordRate(recordRate));
  else if (percentRate !== undefined && percentRate > 0) facts.push(formatPercentRate(percentRate));
  if (eta !== undefined) facts.push(`ETA ~${countdown(eta)}`);
  return facts;
}

function timeFact(summary: ImportSummary): string {
  const { launchedAt, finishedAt, queuedMs, ranMs } = summary.times;
  if (finishedAt !== undefined && ranMs !== undefined) return `ran ${clock(ranMs)}`;
  if (ranMs !== undefined) return `running ${clock(ranMs)}`;
  if (launchedAt === undefined && queuedMs !== undefined) return `queued ${clock(queuedMs)}`;
  return '';
}

function renderNotes(
  watch: ImportWatch,
  dataImport: DataImport | undefined,
  { chalk, now }: FrameContext,
): string[] {
  const notes: string[] = [];
  const end = watch.end;
  if (end?.kind === 'failed') notes.push(chalk.red(`  ✖ ${sanitize(end.error.message)}`));
  if (end?.kind === 'timeout') notes.push(chalk.yellow('  ⏱ the timeout ran out before it finished'));
  if (end?.kind === 'stopped') notes.push(chalk.dim('  stopped watching (--fail-fast)'));
  if (end) return notes;
  if (watch.trouble) {
    const { reason, since, retryAt, retryAfter, retryAfterAskedMs } = watch.trouble;
    const failing = now - since >= 1000 ? `, failing for ${clock(now - since)}` : '';
    const asked = renderRetryAfterNote(retryAfter, retryAfterAskedMs);
    notes.push(
      chalk.yellow(`  ⚠ ${sanitize(reason)}: retrying in ${countdown(retryAt - now)}${asked}${failing}`),
    );
  }
  const stalled = dataImport ? stalledForMs(watch.lastChangeAt, now) : undefined;
  if (stalled !== undefined) notes.push(chalk.yellow(`  ⚠ progress has not moved for ${clock(stalled)}`));
  if (!watch.trouble && watch.lastCheckedAt !== undefined) {
    const next =
      watch.nextCheckAt === undefined || watch.nextCheckAt <= now
        ? 'checking now'
        : `next check in ${countdown(watch.nextCheckAt - now)}`;
    notes.push(chalk.dim(`  checked ${clock(now - watch.lastCheckedAt)} ago · ${next}`));
  }
  return notes;
}

/** Cuts every line to the width, and the frame to the height, saying what was left out. */
function fitFrame(lines: string[], { chalk, columns, rows }: FrameContext): string[] {
  const width = Math.max(10, columns - 1);
  let kept = lines;
  // One row stays free for the spinner line below the frame.
  if (rows !== undefined && rows > 2 && lines.length > rows - 1) {
    const room = rows - 2;
    kept = [
      ...lines.slice(0, room),
      chalk.dim(`… ${lines.length - room} more lines: enlarge the terminal to see them`),
    ];
  }
  return kept.map((line) => fitLine(line, width));
}
