/**
 * How a watch ends, in words: the closing line after the final view, the command that resumes it,
 * and the notes for a timeout and for Ctrl-C (where things stood; the import keeps running).
 */
import type { ErrorCode } from '../errors.js';
import { plural } from '../format/number.js';
import { PROGRAM, talkLine } from '../format/talk-line.js';
import { clock, formatDuration, formatFlagDuration } from '../format/time.js';
import { importOutcome, isFinished } from '../model/outcome.js';
import { DEFAULT_INTERVAL_MS } from '../watch/cadence.js';
import { type ImportWatch, standing, type WatchState } from '../watch/state.js';
import { sanitize } from './sanitize.js';

/** The flags a resumed watch should keep (a subset of WatchOptions). */
export interface ResumeOptions {
  json: boolean;
  intervalMs: number;
  timeoutMs?: number;
  failFast: boolean;
  quiet: boolean;
  bell: boolean;
}

const FAILURE_WORDS: Record<ErrorCode, string> = {
  not_found: 'not found',
  auth: 'refused (API key)',
  unavailable: 'unreachable',
  bad_response: 'unexpected response',
  usage: 'refused as invalid',
  timeout: 'timed out',
  interrupted: 'interrupted',
  io: 'output failed',
};

/** How one import's watch ended, in two or three words. */
export function endWords(watch: ImportWatch): string {
  const end = watch.end;
  if (!end) return 'still running';
  if (end.kind === 'failed') return FAILURE_WORDS[end.error.code];
  if (end.kind === 'timeout') return `timed out (${standing(watch)})`;
  const dataImport = watch.latest?.document.data_import;
  if (end.kind === 'stopped')
    return dataImport?.data_tables_details.some((t) => t.error != null)
      ? 'reported an error'
      : 'stopped (--fail-fast)';
  return dataImport && importOutcome(dataImport) === 'failed' ? 'finished with errors' : 'finished';
}

/** "watched 2 imports for 3m 12s: 1 finished, 1 finished with errors". */
export function renderWatchClosing(state: WatchState, now: number): string {
  const counts = new Map<string, number>();
  for (const watch of state.imports) {
    // Timeouts are counted together; their standing is in the view above.
    const words = watch.end?.kind === 'timeout' ? 'timed out' : endWords(watch);
    counts.set(words, (counts.get(words) ?? 0) + 1);
  }
  const tally = [...counts].map(([words, count]) => `${count} ${words}`).join(', ');
  return `watched ${plural(state.imports.length, 'import')} for ${formatDuration(Math.max(0, now - state.startedAt))}: ${tally}\n`;
}

/** Single-quotes an argument unless it is plainly safe for a POSIX shell. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9._:@+=,-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** `qobra-imports watch <ids still running> [flags]`: the command that picks the watch up again. */
export function renderResumeCommand(ids: readonly string[], options: ResumeOptions): string {
  const args = ['watch', ...ids.map(shellQuote)];
  if (options.intervalMs !== DEFAULT_INTERVAL_MS)
    args.push('--interval', String(Number((options.intervalMs / 1000).toFixed(3))));
  if (options.timeoutMs !== undefined) args.push('--timeout', formatFlagDuration(options.timeoutMs));
  if (options.json) args.push('--json');
  if (options.failFast) args.push('--fail-fast');
  if (options.quiet) args.push('--quiet');
  if (!options.bell) args.push('--no-bell');
  return sanitize(`${PROGRAM} ${args.join(' ')}`);
}

/** Imports worth watching again: not finished, and not ended by an answer that will not change (404, 401…). */
const unfinishedIds = (state: WatchState): string[] =>
  state.imports
    .filter((watch) => {
      const dataImport = watch.latest?.document.data_import;
      return !dataImport || !isFinished(dataImport);
    })
    .filter((watch) => watch.end?.kind !== 'failed' || watch.end.error.code === 'unavailable')
    .map((watch) => watch.id);

const keepsRunning = (count: number): string =>
  count === 1
    ? "the import keeps running on Qobra's servers"
    : `the ${count} imports keep running on Qobra's servers`;

/** The stderr note after a timeout: what was still running, and how to keep watching. */
export function renderTimeoutText(state: WatchState, options: ResumeOptions): string {
  const waiting = state.imports.filter((watch) => watch.end?.kind === 'timeout');
  const ids = unfinishedIds(state);
  const after = options.timeoutMs === undefined ? '' : ` after ${formatDuration(options.timeoutMs)}`;
  const stood = waiting
    .map((watch) => `import ${sanitize(watch.id)} (${sanitize(standing(watch))})`)
    .join(', ');
  return [
    talkLine(`timed out${after} waiting for ${stood}; ${keepsRunning(waiting.length)}`),
    talkLine(`resume with: ${renderResumeCommand(ids, options)}`),
  ].join('\n');
}

/** The stderr note after Ctrl-C: where each import stood, that they keep running, how to resume. */
export function renderInterruptedText(state: WatchState, options: ResumeOptions, now: number): string {
  const lines = [
    talkLine(
      `stopped watching after ${formatDuration(Math.max(0, now - state.startedAt))}. Where things stood:`,
    ),
  ];
  for (const watch of state.imports) {
    const checked =
      watch.lastCheckedAt === undefined
        ? ''
        : `, last checked ${clock(Math.max(0, now - watch.lastCheckedAt))} ago`;
    const words = watch.end && watch.end.kind !== 'timeout' ? endWords(watch) : standing(watch);
    lines.push(talkLine(`  import ${sanitize(watch.id)}: ${sanitize(words)}${checked}`));
  }
  const ids = unfinishedIds(state);
  if (ids.length > 0)
    lines.push(talkLine(`${keepsRunning(ids.length)}; resume with: ${renderResumeCommand(ids, options)}`));
  return lines.join('\n');
}
