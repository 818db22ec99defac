/**
 * The real-world deps, built once from `process`: streams, env, clock, Ctrl-C/SIGTERM as an abort
 * signal, the real API connection and the real (lazily loaded) commands.
 */
import { isatty } from 'node:tty';
import { type Output, outputFromStream, sleep } from '../deps.js';
import { EXIT, QiError } from '../errors.js';
import { pipeReaderCheck } from '../util/pipe-reader.js';
import type { CliDeps } from './cli-deps.js';
import { connect } from './connect.js';
import { lazyCommandRunners } from './runners.js';

export function processDeps(): { deps: CliDeps; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    const exitCode = signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
    // A second Ctrl-C means "now": the user has already waited for a clean stop once.
    if (controller.signal.aborted) process.exit(exitCode);
    controller.abort(
      new QiError('interrupted', signal === 'SIGINT' ? 'interrupted' : 'terminated', { exitCode }),
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const deps: CliDeps = {
    stdout: outputFromStream(process.stdout),
    stderr: outputOnFirstUse(2, () => outputFromStream(process.stderr)),
    // A getter: touching process.stdin sets up a stream (a few ms), needed only for --api-key-file -.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    now: Date.now,
    sleep,
    random: Math.random,
    signal: controller.signal,
    stdoutReaderCheck: () => pipeReaderCheck(1),
    connect,
    commands: lazyCommandRunners,
  };
  return {
    deps,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * stderr, its stream set up on the first write (or for a terminal, where the spinner needs it): a run
 * of `status --json` usually writes nothing there, and a pipe's stream costs ~1 ms to set up.
 */
function outputOnFirstUse(fd: number, create: () => Output): Output {
  let output: Output | undefined;
  const use = (): Output => {
    output ??= create();
    return output;
  };
  const terminal = isatty(fd);
  return {
    write: (text) => use().write(text),
    get isTTY() {
      return terminal;
    },
    get columns() {
      return terminal ? use().columns : 0;
    },
    get closed() {
      return output?.closed ?? false;
    },
    get tty() {
      return terminal ? use().tty : undefined;
    },
  };
}
