/**
 * A watch view turns the poller's events into output. There is one per mode, chosen once by the
 * command: live (a terminal), plain (a pipe or CI log), JSON (NDJSON). They share this shape and
 * the final summary, so the command's loop is the same whatever the mode.
 */
import type { Deps } from '../deps.js';
import { summarizeImport } from '../model/summary.js';
import { renderCombinedErrorsHint } from '../render/status-plain.js';
import { renderWatchClosing } from '../render/watch-summary.js';
import type { PollEvent } from '../watch/poll.js';
import type { ImportWatch, WatchState } from '../watch/state.js';
import type { HumanRenderer } from './human-renderer.js';
import type { Talk } from './talk.js';

export interface WatchView {
  /** After each poll event, once the state has folded it in. */
  update(event: PollEvent, watch: ImportWatch): Promise<void>;
  /** A line of talk for stderr (a warning), kept clear of any live redraw. */
  say(line: string): Promise<void>;
  /** Stops anything live (timers, spinner) and restores the cursor. Safe to call twice; never throws. */
  close(): Promise<void>;
  /** The final summary, once the watch is over (after close). */
  finish(): Promise<void>;
}

export type ViewDeps = Pick<Deps, 'stdout' | 'stderr' | 'now'> & { talk: Talk };

/** The last state of each import in the human view, then one closing line; one `errors` hint goes to stderr. */
export async function writeFinalSummary(
  state: WatchState,
  deps: ViewDeps,
  human: HumanRenderer,
): Promise<void> {
  const now = deps.now();
  let text = '';
  for (const watch of state.imports) {
    const dataImport = watch.latest?.document.data_import;
    if (dataImport) text += human.status(summarizeImport(dataImport, now));
  }
  // As with `status`, a watch that never got an answer leaves stdout empty: the errors went to stderr.
  if (!text) return;
  text += renderWatchClosing(state, now);
  await deps.stdout.write(text);
  // One hint, naming every import that rejected rows, rather than one per import.
  const summaries = state.imports.flatMap((watch) => {
    const dataImport = watch.latest?.document.data_import;
    return dataImport ? [summarizeImport(dataImport, now)] : [];
  });
  const hint = renderCombinedErrorsHint(summaries);
  if (hint) deps.talk.tell(hint);
}
