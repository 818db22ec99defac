/**
 * Everything a command needs from the outside world, in one injected object: streams, terminal
 * facts, environment, clock, sleep, randomness and the abort signal. Tests build their own.
 */
import type { Readable } from 'node:stream';
import { OutputWriteError, PipeClosedError } from './errors.js';
import type { Env } from './util/env.js';
import { systemErrorWords } from './util/system-error.js';
import { MAX_TIMER_MS } from './util/timers.js';

/** A destination for text: stdout or stderr, or a capture in tests. */
export interface Output {
  /**
   * Resolves once the text is accepted (honours back-pressure); rejects with PipeClosedError once the
   * reader is gone, and with OutputWriteError when the text could not be written (disk full, I/O error).
   */
  write(text: string): Promise<void>;
  readonly isTTY: boolean;
  /** Terminal width, 0 when unknown (not a terminal). */
  readonly columns: number;
  /** True once the reader went away; long writers check it to stop early. */
  readonly closed: boolean;
  /** The underlying terminal stream, for the spinner and live redraws only. */
  readonly tty?: NodeJS.WriteStream;
}

export interface Deps {
  stdout: Output;
  stderr: Output;
  stdin: Readable;
  env: Env;
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  /** Aborted on Ctrl-C / SIGTERM; `signal.reason` is a QiError('interrupted') carrying 130 or 143. */
  signal: AbortSignal;
  /**
   * When stdout is a pipe whose readers can be seen: a check that turns true once they are all gone,
   * so a command with nothing to write can stop without waiting for a write to fail. Absent or
   * undefined when that cannot be known.
   */
  stdoutReaderCheck?: () => (() => boolean) | undefined;
}

/**
 * Sleep that wakes early (rejecting with the signal's reason) when the signal aborts. Waits longer
 * than a timer can hold are clamped to MAX_TIMER_MS rather than skipped.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type NodeWritable = NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean; columns?: number });

/** The reader went away (`| head`): a quiet stop, unlike any other failure to write. */
const isClosedPipe = (error: unknown): boolean => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
};

/**
 * Wraps a Node stream. Each write resolves once the stream has taken the text (back-pressure
 * honoured); a closed pipe rejects it, and every later one, with PipeClosedError (a quiet stop),
 * and any other failure (a full disk, an I/O error) with OutputWriteError, naming the cause.
 */
export function outputFromStream(stream: NodeWritable): Output {
  let closed = false;
  let failure: OutputWriteError | undefined;
  /** Writes waiting for the stream's callback; a stream destroyed under them may never call back. */
  const waiting = new Set<() => void>();
  // After a failure the stream is destroyed and says so again and again: the first cause is the one.
  const record = (error: unknown): void => {
    if (failure) return;
    if (isClosedPipe(error)) closed = true;
    else failure = new OutputWriteError(systemErrorWords(error), { cause: error });
  };
  // One listener for the stream's life: an 'error' event nobody hears would crash the process.
  stream.on('error', record);
  stream.on('close', () => {
    // A stream that failed closes because it failed: that is no reader going away.
    if (!failure) closed = true;
    for (const settle of waiting) settle();
  });
  const refusal = (): Error | undefined =>
    failure ?? (closed ? new PipeClosedError('output closed') : undefined);

  return {
    ...(stream.isTTY ? { tty: stream as NodeJS.WriteStream } : {}),
    get isTTY() {
      return Boolean(stream.isTTY);
    },
    get columns() {
      return stream.isTTY ? (stream.columns ?? 0) : 0;
    },
    get closed() {
      return closed;
    },
    write(text: string) {
      const refused = refusal();
      if (refused) return Promise.reject(refused);
      return new Promise<void>((resolve, reject) => {
        const settle = () => {
          if (!waiting.delete(settle)) return;
          const refused = refusal();
          if (refused) reject(refused);
          else resolve();
        };
        waiting.add(settle);
        try {
          // The callback comes once the text is written or has failed: a failed write is never resolved.
          stream.write(text, (error?: Error | null) => {
            if (error) record(error);
            settle();
          });
        } catch (error) {
          record(error);
          settle();
        }
      });
    },
  };
}

/** `{ ...base, ...extra }` that keeps getters lazy (a spread would evaluate `stdin` and set up a stream). */
export function extendDeps<B extends object, E extends object>(base: B, extra: E): Omit<B, keyof E> & E {
  const descriptors = {
    ...Object.getOwnPropertyDescriptors(base),
    ...Object.getOwnPropertyDescriptors(extra),
  };
  return Object.defineProperties({}, descriptors) as Omit<B, keyof E> & E;
}
