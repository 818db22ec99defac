/**
 * `watch <id...>`: follows imports until every one has finished (or fails, or the timeout runs
 * out), then reports each and returns the most serious exit code. One poller per import runs side
 * by side; the view is chosen once (live terminal, plain lines, NDJSON) and owns all output.
 */
import { setMaxListeners } from 'node:events';
import { PipeClosedError, QiError } from '../errors.js';
import type { ImportLog, StoppedWaiting } from '../model/import-report.js';
import { unknownStatuses } from '../model/outcome.js';
import { createHumanRenderer } from '../output/human-renderer.js';
import type { WatchView } from '../output/watch-view.js';
import { renderUnknownStatusWarning } from '../render/error-message.js';
import { renderInterruptedText, renderTimeoutText } from '../render/watch-summary.js';
import { mergeAsync } from '../watch/merge.js';
import { type PollOptions, type PollRuntime, pollImport } from '../watch/poll.js';
import {
  applyPollEvent,
  createWatchState,
  importResult,
  stopRemaining,
  tableErrorSeen,
  type WatchState,
} from '../watch/state.js';
import { type CommandDeps, type CommandResult, combineResults, type OutputOptions } from './command.js';

export interface WatchOptions extends OutputOptions {
  ids: string[];
  /** Starting poll interval (default 2000). */
  intervalMs: number;
  /** Bound on the whole command; exit 124 when it runs out. */
  timeoutMs?: number;
  failFast: boolean;
  quiet: boolean;
  bell: boolean;
}

/** A watch that lasted longer than this rings the terminal bell when it ends: the user has looked away. */
export const BELL_AFTER_MS = 60_000;
const BELL = '\u0007';

export async function runWatch(options: WatchOptions, deps: CommandDeps): Promise<CommandResult> {
  const ids = [...new Set(options.ids)];
  const startedAt = deps.now();
  const state = createWatchState(ids, startedAt);
  const view = await chooseView(options, deps, state);
  // The pollers stop on Ctrl-C (with its reason), or once the watch is over.
  const stop = new AbortController();
  const signal = AbortSignal.any([deps.signal, stop.signal]);
  // Every poller listens to it while it sleeps, and so does each request in flight: 50 imports mean
  // 50 listeners by design, which is not the leak Node warns about on stderr past 10.
  setMaxListeners(ids.length + 10, signal);
  const pollOptions: PollOptions = {
    intervalMs: options.intervalMs,
    ...(options.timeoutMs === undefined ? {} : { deadline: startedAt + options.timeoutMs }),
  };
  // `watch … | head -1`: once the reader is gone, the next poll stops the watch, even with nothing to write.
  const readerGone = deps.stdoutReaderCheck?.();
  const runtime: PollRuntime = {
    fetch: (id, signal) =>
      readerGone?.()
        ? Promise.reject(new PipeClosedError('the reader of stdout went away'))
        : deps.api.fetchImportOnce(id, signal),
    now: () => deps.now(),
    sleep: (ms, signal) => deps.sleep(ms, signal),
    random: () => deps.random(),
    signal,
  };
  const warned = new Set<string>();

  try {
    for await (const event of mergeAsync(ids.map((id) => pollImport(id, pollOptions, runtime)))) {
      const watch = applyPollEvent(state, event);
      await view.update(event, watch);
      if (event.type !== 'snapshot') continue;
      for (const status of unknownStatuses(event.fetched.document.data_import)) {
        const key = `${watch.id}\n${status}`;
        if (warned.has(key)) continue;
        warned.add(key);
        await view.say(renderUnknownStatusWarning(watch.id, status));
      }
      if (options.failFast && tableErrorSeen(watch)) {
        stopRemaining(state, event.at);
        break;
      }
    }
  } catch (error) {
    // The reader went away (`watch … | head -1`): stop polling, quietly, with the outcome so far.
    if (error instanceof PipeClosedError) {
      stopRemaining(state, deps.now());
      return combineResults(state.imports.map((watch) => importResult(watch, options.timeoutMs)));
    }
    // Ctrl-C / SIGTERM: leave the terminal as it was, say where things stood, let cli.ts map 130/143.
    if (deps.signal.aborted) {
      await view.close();
      deps.talk.say(renderInterruptedText(state, options, deps.now()));
      throw deps.signal.reason;
    }
    throw error;
  } finally {
    stop.abort(new Error('the watch is over'));
    if (deps.importLog) logImports(state, deps.importLog, deps.signal);
    await view.close();
  }

  await view.finish();
  if (state.imports.some((watch) => watch.end?.kind === 'timeout'))
    deps.talk.say(renderTimeoutText(state, options));
  if (options.bell && deps.stderr.isTTY && deps.now() - startedAt > BELL_AFTER_MS)
    await deps.stderr.write(BELL).catch(() => {});
  return combineResults(state.imports.map((watch) => importResult(watch, options.timeoutMs)));
}

/** Where each import stood when the watch ended, for the CI reports. */
function logImports(state: WatchState, log: ImportLog, signal: AbortSignal): void {
  const interrupted = signal.aborted;
  const reason = signal.reason instanceof QiError ? signal.reason : undefined;
  for (const watch of state.imports) {
    const end = watch.end;
    const stopped: StoppedWaiting | undefined =
      end?.kind === 'timeout'
        ? 'timeout'
        : end?.kind === 'stopped'
          ? 'fail-fast'
          : !end && interrupted
            ? 'interrupted'
            : undefined;
    const latest = watch.latest?.document.data_import;
    if (latest) log.seen(watch.id, latest, stopped);
    if (end?.kind === 'failed') log.failed(watch.id, end.error);
    if (latest || end?.kind === 'failed') continue;
    // No answer at all: the report names what stopped the wait instead.
    const why =
      end?.kind === 'timeout' ? importResult(watch).error : stopped === 'interrupted' ? reason : undefined;
    if (why) log.failed(watch.id, why);
  }
}

/** The mode is decided once: --json, a live terminal, or plain lines (a pipe, CI, or --quiet). */
async function chooseView(options: WatchOptions, deps: CommandDeps, state: WatchState): Promise<WatchView> {
  if (options.json) {
    const { createJsonView } = await import('../output/watch-view-json.js');
    return createJsonView(state, deps, { quiet: options.quiet });
  }
  const human = await createHumanRenderer(options, deps);
  if (human.cursor && !options.quiet) {
    // Loaded only for a terminal: it brings the table and frame renderers.
    const { createLiveView } = await import('../output/watch-view-live.js');
    return createLiveView(state, deps, human);
  }
  const { createPlainView } = await import('../output/watch-view-plain.js');
  return createPlainView(state, deps, human, { quiet: options.quiet });
}
