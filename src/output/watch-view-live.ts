/**
 * The live view on a terminal: one frame redrawn in place with plain ANSI codes, at most every
 * 100 ms on news and once a second for the clocks. When the frame keeps its height only the lines
 * that changed are rewritten (a clock ticking rewrites one line, not 20 imports' worth); a frame of
 * another height is drawn whole (up N lines, erase, draw). The cursor is hidden while live and always
 * shown again by close(). The spinner (on stderr) sits on the line below the frame.
 */

import { plural } from '../format/number.js';
import { renderErrorLines } from '../render/error-message.js';
import { type FrameContext, renderWatchFrame } from '../render/watch-frame.js';
import { allEnded, type WatchState } from '../watch/state.js';
import { frameUpdate } from './frame-update.js';
import type { HumanRenderer } from './human-renderer.js';
import { type ViewDeps, type WatchView, writeFinalSummary } from './watch-view.js';

export const HIDE_CURSOR = '\u001b[?25l';
export const SHOW_CURSOR = '\u001b[?25h';
const ERASE_DOWN = '\u001b[J';
/** News is drawn at once unless the last frame is younger than this. */
export const MIN_REDRAW_MS = 100;
/** The elapsed clock, countdowns and ETAs tick at this pace between answers. */
export const TICK_MS = 1_000;

export function createLiveView(state: WatchState, deps: ViewDeps, human: HumanRenderer): WatchView {
  const { stdout } = deps;
  /** Lines of the frame on screen; the cursor sits at the start of the line below them. */
  let height = 0;
  /** The lines of the frame on screen, to rewrite only those that change. */
  let shown: readonly string[] = [];
  let shownColumns = 0;
  let started = false;
  let closed = false;
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let ticker: NodeJS.Timeout | undefined;
  let pending: NodeJS.Timeout | undefined;
  /** Each import's block as last drawn: news about one import redraws one block (see FrameContext). */
  const blocks: NonNullable<FrameContext['blocks']> = new Map();

  const backToTop = () => (height > 0 ? `\r\u001b[${height}A` : '\r');

  const draw = async (): Promise<void> => {
    if (closed) return;
    const columns = stdout.columns || 80;
    const lines = renderWatchFrame(state, {
      chalk: human.chalk,
      columns,
      rows: stdout.tty?.rows,
      now: deps.now(),
      blocks,
    });
    // A resized terminal may have rewrapped what is on screen: then the whole frame is drawn again.
    const text = `${started ? '' : HIDE_CURSOR}${frameUpdate(shown, lines, columns !== shownColumns)}`;
    shown = lines;
    shownColumns = columns;
    height = lines.length;
    lastDrawAt = deps.now();
    if (!started) start();
    if (text !== '') await stdout.write(text);
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
    shown = [];
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
