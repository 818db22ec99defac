/**
 * Everything a command needs from the outside world, in one injected object: streams, terminal
 * facts, environment, clock, sleep, randomness and the abort signal. Tests build their own.
 */
import type { Readable } from 'node:stream';
import { PipeClosedError } from './errors.js';
import type { Env } from './util/env.js';
import { MAX_TIMER_MS } from './util/timers.js';

/** A destination for text: stdout or stderr, or a capture in tests. */
export interface Output {
  /** Resolves once the text is accepted (honours back-pressure); rejects with PipeClosedError once the reader is gone. */
  write(text: string): Promise<void>;
  readonly isTTY: boolean;
  /** Terminal width, 0 when unknown (not a terminal). */
  readonly columns: number;
  /** True once the reader went away; long writers check it to stop early. */
  readonly closed: boolean;
  /** The underlying terminal stream, for the spinner (ora) and live redraws only. */
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

/** Wraps a Node stream: waits for 'drain', and turns EPIPE (a closed `| head`) into a quiet stop. */
export function outputFromStream(stream: NodeWritable): Output {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed = true;
  });
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
      if (closed) return Promise.reject(new PipeClosedError('output closed'));
      return new Promise<void>((resolve, reject) => {
        const done = () => (closed ? reject(new PipeClosedError('output closed')) : resolve());
        let ok: boolean;
        try {
          ok = stream.write(text);
        } catch {
          closed = true;
          return done();
        }
        if (ok) return done();
        const onDrain = () => {
          stream.off('close', onClose);
          done();
        };
        const onClose = () => {
          closed = true;
          stream.off('drain', onDrain);
          done();
        };
        stream.once('drain', onDrain);
        stream.once('close', onClose);
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
