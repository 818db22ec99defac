/**
 * "Talk" on stderr: notices, retries, warnings and the spinner. Lines written while the spinner
 * spins clear it first, so announcements never tangle with its frames.
 */
import type { Output } from '../deps.js';
import { talkLine, warningLine } from '../format/talk-line.js';
import { wrapWords } from '../render/wrap-words.js';
import { type Spinner, startSpinner } from './spinner.js';

export interface Talk {
  /** Writes one line (newline added); never throws, even on a closed stream. */
  say(line: string): void;
  /** Says `qobra-imports: <text>`, so callers never spell the prefix. */
  tell(text: string): void;
  /** Says `qobra-imports: warning: <text>`. */
  warn(text: string): void;
  /** Shows a spinner after `delayMs` if stderr is a terminal of known width; no-op elsewhere. */
  startSpinner(text: string, delayMs?: number): void;
  stopSpinner(): void;
}

/** `color: false` (NO_COLOR, --no-color, TERM=dumb) also keeps colour out of the spinner's frames. */
export function createTalk(stderr: Output, options: { spinner: boolean; color?: boolean }): Talk {
  let spinner: Spinner | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wanted = false;
  const canSpin = options.spinner && stderr.isTTY && stderr.columns > 0 && stderr.tty !== undefined;

  const say = (line: string): void => {
    spinner?.clear();
    stderr.write(`${line}\n`).catch(() => {});
    spinner?.render();
  };

  // On a terminal, long messages wrap between words (never inside an id or a `command`), one
  // column short of the edge; in a pipe or a log a message stays one line, for grep.
  const wrapped = (line: string): string =>
    stderr.isTTY && stderr.columns > 0 ? wrapWords(line, stderr.columns - 1) : line;

  return {
    say,
    tell: (text) => say(wrapped(talkLine(text))),
    warn: (text) => say(wrapped(warningLine(text))),
    startSpinner(text, delayMs = 150) {
      if (!canSpin || wanted) return;
      wanted = true;
      // Delayed so a fast answer never flashes a spinner.
      timer = setTimeout(() => {
        if (!wanted || !stderr.tty) return;
        spinner = startSpinner(stderr.tty, text, { color: options.color !== false });
      }, delayMs);
      timer.unref();
    },
    stopSpinner() {
      wanted = false;
      if (timer) clearTimeout(timer);
      spinner?.stop();
      spinner = undefined;
    },
  };
}
