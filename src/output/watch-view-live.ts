/**
 * The live view on a terminal: one frame redrawn in place with plain ANSI codes (up N lines, erase,
 * draw), at most every 100 ms on news and once a second for the clocks. The cursor is hidden while
 * live and always shown again by close(). The spinner (ora, on stderr) sits on the line below the
 * frame; ora wraps the terminal's writes, so each frame is written as one chunk ending in a newline.
 */

import { plural } from '../format/number.js';
import { renderErrorLines } from '../render/error-message.js';
import { renderWatchFrame } from '../render/watch-frame.js';
import { allEnded, type WatchState } from '../watch/state.js';
import type { HumanRenderer } from './human-renderer.js';
import { type ViewDeps, type WatchView, writeFinalSummary } from './watch-view.js';

export const HIDE_CURSOR = '\u001b[?25l';
export const SHOW_CURSOR = '\u001b[?25h';
const ERASE_LINE_END = '\u001b[K';
const ERASE_DOWN = '\u001b[J';
/** News is drawn at once unless the last frame is younger than this. */
export const MIN_REDRAW_MS = 100;
/** The elapsed clock, countdowns and ETAs tick at this pace between answers. */
export const TICK_MS = 1_000;

export function createLiveView(state: WatchState, deps: ViewDeps, human: HumanRenderer): WatchView {
  const { stdout } = deps;
  /** Lines of the frame on screen; the cursor sits at the start of the line below them. */
  let height = 0;
  let started = false;
  let closed = false;
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let ticker: NodeJS.Timeout | undefined;
  let pending: NodeJS.Timeout | undefined;

  const backToTop = () => (height > 0 ? `\r\u001b[${height}A` : '\r');

  const draw = async (): Promise<void> => {
    if (closed) return;
    const lines = renderWatchFrame(state, {
      chalk: human.chalk,
      columns: stdout.columns || 80,
      rows: stdout.tty?.rows,
      now: deps.now(),
    });
    // Erase below before the last line, not after it: leftovers of a taller frame go, and the chunk still ends in "\n".
    const body = lines
      .map((line, i) => `${i === lines.length - 1 ? ERASE_DOWN : ''}${line}${ERASE_LINE_END}\n`)
      .join('');
    const text = `${started ? '' : HIDE_CURSOR}${backToTop()}${body}`;
    height = lines.length;
    lastDrawAt = deps.now();
    if (!started) start();
    await stdout.write(text);
  };
  /** True while a warning is written between erasing and redrawing: a tick then would draw in the wrong place. */
  let saying = false;
  const drawQuietly = () => {
    if (!saying) void draw().catch(() => {});
  };

  function start(): void {
    started = true;
    deps.talk.startSpinner(`watching ${plural(state.imports.length, 'import')}`);
    // Timers only with a real terminal behind stdout; they never keep the process alive.
    if (stdout.tty) {
      ticker = setInterval(drawQuietly, TICK_MS);
      ticker.unref();
    }
  }

  const erase = async () => {
    if (height === 0) return;
    const text = `${backToTop()}${ERASE_DOWN}`;
    height = 0;
    await stdout.write(text);
  };

  return {
    async update() {
      // Once every import is over the final view replaces the frame (and an import already over at
      // the first look never flashes a live frame at all).
      if (closed || allEnded(state)) return;
      const wait = lastDrawAt + MIN_REDRAW_MS - deps.now();
      if (wait <= 0) return draw();
      if (stdout.tty && !pending) {
        pending = setTimeout(() => {
          pending = undefined;
          drawQuietly();
        }, wait);
        pending.unref();
      }
    },
    async say(line) {
      if (!started || closed) return deps.talk.say(line);
      saying = true;
      try {
        await erase();
        deps.talk.say(line);
        await draw();
      } finally {
        saying = false;
      }
    },
    async close() {
      if (closed) return;
      clearInterval(ticker);
      clearTimeout(pending);
      // One last frame, so what stays on screen (after Ctrl-C) is where things stood.
      if (started) await draw().catch(() => {});
      closed = true;
      deps.talk.stopSpinner();
      if (started) await stdout.write(SHOW_CURSOR).catch(() => {});
    },
    async finish() {
      // The final view replaces the live frame.
      await erase();
      for (const watch of state.imports) {
        if (watch.end?.kind === 'failed')
          await deps.stderr.write(renderErrorLines(watch.end.error)).catch(() => {});
      }
      await writeFinalSummary(state, deps, human);
    },
  };
}
