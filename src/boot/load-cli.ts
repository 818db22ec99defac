/**
 * Loads the bundled CLI (dist/cli.cjs) with V8's code cache: compiling the ~0.5 MB bundle, and then
 * the functions a run calls, is a large share of every run's start-up (see v8-cache.ts).
 */
import { join } from 'node:path';
import { loadWithV8Cache, writeShippedCache } from './v8-cache.js';

const BUNDLE = join(__dirname, 'cli.cjs');

interface Cli {
  run(): Promise<number>;
}

/** The bundle's `run`, compiled from a code cache when there is a valid one. */
export function loadCli(): Cli {
  return loadWithV8Cache(BUNDLE);
}

/** Build step: run each command line once and store what V8 compiled beside the bundle. */
export function writeCodeCache(runs: readonly (readonly string[])[]): Promise<void> {
  return writeShippedCache(BUNDLE, runs);
}
