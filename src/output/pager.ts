/**
 * `errors` on a terminal, through the user's pager once it is taller than the screen, so the grouped
 * summary at the top does not scroll away. What fits the screen is written directly (no pager for
 * three lines); the first line past it starts the pager and everything so far goes to it, then the
 * rest is streamed (never held whole: `--all` can be 100,000 rows). A pager that cannot be started
 * falls back to writing directly; quitting it early ends the command quietly, like `| head`.
 */
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { Output } from '../deps.js';
import { PipeClosedError } from '../errors.js';
import type { Env } from '../util/env.js';

/** `PAGER` split into a program and its arguments (no shell); unset means `less -FRX`, empty or `cat` none. */
export function pagerCommand(env: Env): string[] | undefined {
  const words = (env.PAGER ?? 'less -FRX').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words[0] === 'cat') return undefined;
  return words;
}

export interface PagedOutput extends Output {
  /** Flushes what is held, or closes the pager's input and waits for the user to leave it. */
  end(): Promise<void>;
}

export function createPagedOutput(
  stdout: Output,
  command: readonly string[],
  rows: number,
  env: Env,
): PagedOutput {
  let held = '';
  let heldLines = 0;
  let direct = false;
  let closed = false;
  let pager: { stdin: Writable; exited: Promise<void> } | undefined;

  const start = async (): Promise<boolean> => {
    const [program = 'less', ...args] = command;
    const child = spawn(program, args, {
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { LESS: 'FRX', ...env },
    });
    const started = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', () => resolve(false));
    });
    if (!started) return false;
    child.stdin.on('error', () => {
      closed = true;
    });
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    // The user quit the pager: stop writing, as when a pipe's reader goes away.
    void exited.then(() => {
      closed = true;
    });
    pager = { stdin: child.stdin, exited };
    return true;
  };

  const toPager = async (text: string): Promise<void> => {
    if (closed || !pager) throw new PipeClosedError('the pager was closed');
    const stdin = pager.stdin;
    if (!stdin.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          stdin.off('drain', done);
          pager?.exited.then(done);
          resolve();
        };
        stdin.once('drain', done);
        pager?.exited.then(done);
      });
    }
    if (closed) throw new PipeClosedError('the pager was closed');
  };

  return {
    get isTTY() {
      return stdout.isTTY;
    },
    get columns() {
      return stdout.columns;
    },
    get closed() {
      return closed || stdout.closed;
    },
    async write(text) {
      if (direct) return stdout.write(text);
      if (pager) return toPager(text);
      held += text;
      heldLines += text.split('\n').length - 1;
      // One row stays for the shell prompt: a screenful less one fits without a pager.
      if (heldLines < rows) return;
      const all = held;
      held = '';
      if (await start()) return toPager(all);
      direct = true;
      return stdout.write(all);
    },
    async end() {
      if (pager) {
        pager.stdin.end();
        await pager.exited;
        return;
      }
      if (held) await stdout.write(held);
      held = '';
    },
  };
}
