/**
 * Loads the bundled CLI (dist/cli.cjs) with the code cache this Node offers: compiling the ~0.5 MB
 * bundle from scratch is a large share of every run's start-up.
 * - Node >= 22.1 has `module.enableCompileCache()`: Node keeps one cache per Node version and V8 flags
 *   (in NODE_COMPILE_CACHE, else the temp directory), checks it against the source and writes it on
 *   the first run, so a different Node or NODE_OPTIONS costs one cold run, not every run. The cache
 *   shipped for Node 20 is never read there (V8 would only reject it).
 * - Node 20 has no such thing: see v8-cache.ts.
 */
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { loadWithV8Cache, writeShippedCache } from './v8-cache.js';

const BUNDLE = join(__dirname, 'cli.cjs');

interface Cli {
  run(): Promise<number>;
}

/** The bundle's exports (`run`, `main`), compiled from a code cache when there is a valid one. */
export function loadCli(): Cli {
  // Read as a property: Node 20's node:module has no such export, and the bundle must load there.
  const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown };
  if (typeof enableCompileCache === 'function') {
    // Disabled (NODE_DISABLE_COMPILE_CACHE) or failed (no writable directory): it loads all the same.
    enableCompileCache();
    return nodeModule.createRequire(__filename)(BUNDLE) as Cli;
  }
  return loadWithV8Cache(BUNDLE) as Cli;
}

/** Build step (Node 20 only): evaluate the bundle once and store what V8 compiled beside it. */
export function writeCodeCache(): void {
  writeShippedCache(BUNDLE);
}
