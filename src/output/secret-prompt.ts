/**
 * Asks for a secret on a terminal without echoing it: raw mode, one key at a time, nothing written
 * back but the prompt and a line break. Raw mode turns Ctrl-C into a byte, so it is handled here
 * (exit 130) and the terminal is always restored.
 */
import type { Readable } from 'node:stream';
import type { Output } from '../deps.js';
import { EXIT, QiError } from '../errors.js';

/** A terminal stdin: Node's tty.ReadStream has these. */
export type TerminalInput = Readable & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

export const isTerminalInput = (input: Readable): input is TerminalInput =>
  Boolean((input as TerminalInput).isTTY) && typeof (input as TerminalInput).setRawMode === 'function';

/** Keys beyond this are dropped: an API key is a short line. */
const MAX_CHARS = 4096;

export function promptSecret(
  input: TerminalInput,
  stderr: Output,
  label: string,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const finish = (error?: unknown) => {
      input.off('data', onData);
      signal?.removeEventListener('abort', onAbort);
      input.setRawMode?.(false);
      input.pause();
      void stderr.write('\n').catch(() => {});
      if (error) reject(error);
      else resolve(typed);
    };
    const onAbort = () => finish(signal?.reason);
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') {
          return finish(new QiError('interrupted', 'interrupted', { exitCode: EXIT.interrupted }));
        }
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char === '\u0015') typed = '';
        else if (char >= ' ' && typed.length < MAX_CHARS) typed += char;
      }
    };
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    // Echo off before the prompt shows: a key typed (or pasted) the moment it appears is never echoed.
    input.setRawMode?.(true);
    void stderr.write(label).catch(() => {});
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}
