// Deps for tests: captured output, a pinned clock, sleep that only advances the clock.
import { Readable } from 'node:stream';
import type { ImportsApi } from '../../src/api/client.js';
import type { CommandDeps } from '../../src/commands/command.js';
import type { Deps, Output } from '../../src/deps.js';
import { PipeClosedError, QiError } from '../../src/errors.js';
import { createTalk } from '../../src/output/talk.js';

export interface CapturedOutput extends Output {
  readonly text: string;
  /** Simulates the reader going away (`| head`). */
  close(): void;
}

export function captureOutput(options: { isTTY?: boolean; columns?: number } = {}): CapturedOutput {
  let text = '';
  let closed = false;
  return {
    isTTY: options.isTTY ?? false,
    columns: options.columns ?? (options.isTTY ? 100 : 0),
    get closed() {
      return closed;
    },
    get text() {
      return text;
    },
    close() {
      closed = true;
    },
    write(chunk: string) {
      if (closed) return Promise.reject(new PipeClosedError('output closed'));
      text += chunk;
      return Promise.resolve();
    },
  };
}

export interface FakeDeps extends Deps {
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  /** Milliseconds slept so far, in order. */
  slept: number[];
  abort(code?: number): void;
}

export function fakeDeps(
  overrides: Partial<Omit<FakeDeps, 'slept' | 'abort'>> & { startAt?: number; stdinText?: string } = {},
): FakeDeps {
  let clock = overrides.startAt ?? Date.parse('2024-06-25T10:20:00Z');
  const controller = new AbortController();
  const slept: number[] = [];
  return {
    stdout: overrides.stdout ?? captureOutput(),
    stderr: overrides.stderr ?? captureOutput(),
    stdin: overrides.stdin ?? Readable.from([overrides.stdinText ?? '']),
    // No history unless a test asks for one (with a temp XDG_STATE_HOME): never the real home's.
    env: overrides.env ?? { QOBRA_IMPORTS_NO_HISTORY: '1' },
    now: overrides.now ?? (() => clock),
    sleep:
      overrides.sleep ??
      (async (ms: number, signal?: AbortSignal) => {
        if (signal?.aborted) throw signal.reason;
        slept.push(ms);
        clock += ms;
      }),
    random: overrides.random ?? (() => 0.5),
    signal: overrides.signal ?? controller.signal,
    slept,
    abort: (code = 130) => controller.abort(new QiError('interrupted', 'interrupted', { exitCode: code })),
  };
}

/** What a command runs with: fake deps, the given API, and talk on the captured stderr (no spinner). */
export function fakeCommandDeps<A extends ImportsApi>(
  api: A,
  deps: FakeDeps = fakeDeps(),
): FakeDeps & CommandDeps & { api: A } {
  return { ...deps, api, talk: createTalk(deps.stderr, { spinner: false }) };
}
