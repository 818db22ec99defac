/**
 * `watch` in a pipe or a CI log: a timestamped line on stdout per change, talk on stderr (retries,
 * recovery, a heartbeat about once a minute while nothing changes), never a redraw. `--quiet`
 * keeps only the final summary (and failures on stderr). Also the view for `--quiet` on a terminal
 * (with a spinner on stderr meanwhile) and for `TERM=dumb`, which cannot move its cursor.
 */

import { plural } from '../format/number.js';
import { renderErrorLines } from '../render/error-message.js';
import {
  HEARTBEAT_MS,
  renderChangeLines,
  renderHeartbeat,
  renderRecoveredLine,
  renderRetryLine,
} from '../render/watch-lines.js';
import type { PollEvent } from '../watch/poll.js';
import type { ImportWatch, WatchState } from '../watch/state.js';
import type { HumanRenderer } from './human-renderer.js';
import { type ViewDeps, type WatchView, writeFinalSummary } from './watch-view.js';

/**
 * Heartbeats can only be written when an answer comes (no timers: an idle pipe costs no CPU), so
 * one is written early, after half the period, when waiting for the next answer would overshoot it by a quarter.
 */
export function heartbeatDue(silentForMs: number, nextPollInMs: number | undefined): boolean {
  if (silentForMs >= HEARTBEAT_MS) return true;
  return silentForMs >= HEARTBEAT_MS / 2 && silentForMs + (nextPollInMs ?? 0) > HEARTBEAT_MS * 1.25;
}

export function createPlainView(
  state: WatchState,
  deps: ViewDeps,
  human: HumanRenderer,
  options: { quiet: boolean },
): WatchView {
  let lastTalkAt = state.startedAt;
  // --quiet on a terminal keeps stdout for the summary, but a person still sees that it is waiting.
  if (options.quiet && human.cursor)
    deps.talk.startSpinner(`watching ${plural(state.imports.length, 'import')}`);
  const talk = (line: string, at: number) => {
    deps.talk.say(line);
    lastTalkAt = at;
  };

  async function update(event: PollEvent, watch: ImportWatch): Promise<void> {
    if (event.type === 'failed') {
      await deps.stderr.write(renderErrorLines(event.error)).catch(() => {});
      return;
    }
    if (options.quiet) return;
    if (event.type === 'retry') return talk(renderRetryLine(event), event.at);
    if (event.type !== 'snapshot') return;
    if (event.recoveredAfterMs !== undefined)
      talk(renderRecoveredLine(event.id, event.at, event.recoveredAfterMs), event.at);
    // An import already finished at the first look is told by the final summary alone.
    const alreadyOver = watch.previous === undefined && event.finished;
    const lines =
      event.changed && !alreadyOver
        ? renderChangeLines(watch.id, watch.previous, event.fetched.document.data_import, event.at)
        : [];
    if (lines.length > 0) {
      await deps.stdout.write(`${lines.join('\n')}\n`);
      lastTalkAt = event.at;
    } else if (!event.finished && heartbeatDue(event.at - lastTalkAt, event.nextPollInMs)) {
      talk(renderHeartbeat(state, event.at), event.at);
    }
  }

  return {
    update,
    async say(line) {
      deps.talk.say(line);
    },
    async close() {
      deps.talk.stopSpinner();
    },
    finish: () => writeFinalSummary(state, deps, human),
  };
}
