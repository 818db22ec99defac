/**
 * A small terminal spinner: braille frames on a timer, each written as `\r` + frame + text + erase
 * to the end of the line. It replaces ora, whose width measurement built an `Intl.Segmenter` and
 * measured every frame: here the text is cut to the terminal once, with the project's own widths.
 * The cursor is hidden while it spins and shown again on stop, and on exit if the process ends first.
 */
import { fitLine } from '../render/text-width.js';

/** ora's "dots" frames, at its pace, so the spinner looks as it always did. */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;
export const SPINNER_FRAME_MS = 80;

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
const ERASE_LINE_END = '\u001b[K';
const CYAN = '\u001b[36m';
const RESET = '\u001b[39m';

/** The part of a terminal stream the spinner uses. */
export interface SpinnerStream {
  write(text: string): unknown;
  readonly columns: number;
}

export interface Spinner {
  /** Draws the current frame again (after a line was written over it). */
  render(): void;
  /** Blanks the spinner's line, leaving the cursor at its start. */
  clear(): void;
  /** Stops for good: blanks the line and shows the cursor again. */
  stop(): void;
}

export function startSpinner(stream: SpinnerStream, text: string, options: { color: boolean }): Spinner {
  let frame = 0;
  let stopped = false;
  // Frame, a space, then the text cut one column short of the edge: a line that wraps could not
  // be taken back by `\r`. Measured once, not per frame: the text does not change while it spins.
  const room = Math.max(0, stream.columns - 3);
  const shown = fitLine(text, room);
  const line = (): string => {
    const glyph = SPINNER_FRAMES[frame] as string;
    return `\r${options.color ? `${CYAN}${glyph}${RESET}` : glyph} ${shown}${ERASE_LINE_END}`;
  };
  const showCursorOnExit = (): void => {
    stream.write(SHOW_CURSOR);
  };
  process.once('exit', showCursorOnExit);
  stream.write(`${HIDE_CURSOR}${line()}`);
  const timer = setInterval(() => {
    frame = (frame + 1) % SPINNER_FRAMES.length;
    stream.write(line());
  }, SPINNER_FRAME_MS);
  // The spinner never keeps the process alive.
  timer.unref();

  return {
    render() {
      if (!stopped) stream.write(line());
    },
    clear() {
      if (!stopped) stream.write(`\r${ERASE_LINE_END}`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      process.removeListener('exit', showCursorOnExit);
      stream.write(`\r${ERASE_LINE_END}${SHOW_CURSOR}`);
    },
  };
}
