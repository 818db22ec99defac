/**
 * V8's code cache for the bundle, on every Node: the bundle is compiled through vm.Script with V8's
 * cached data, and the cache is made AFTER a run (`createCachedData()` once the command is done), so
 * it holds every function that run compiled, not only the top level. On the `status --json` path that
 * is most of the start-up's compiling (got's request machinery, commander's parser, the schemas), which
 * a cache made before running (Node's own compile cache on Node >= 22.1) leaves to be compiled on every
 * run. V8 accepts cached data only from the same V8 version run with the same flags, so:
 * - a plain run (no NODE_OPTIONS, no node flags) on the Node that built the package reads the cache the
 *   build stored beside the bundle, made after `status --json` and `status` runs; it never writes;
 * - any other run (another Node release, or flags: NODE_OPTIONS=--max-old-space-size=4096 is common in
 *   CI) never reads that one: V8 would reject it after reading it, on every run. It keeps a cache of
 *   its own in $XDG_CACHE_HOME/qobra-imports/ (by default ~/.cache), one file per Node release and node
 *   options (see user-cache.ts), written after its first run and again only when V8 rejects it or a
 *   command it has not seen yet runs: a rejection or a new command costs one write, not every run.
 * A cache that cannot be read or written is skipped silently: it only ever saves time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { userCache } from './user-cache.js';

// Set by the build: the Node release and architecture that wrote the shipped cache.
declare const __BUILD_NODE__: string;

/** What the bundle (src/cli.ts) exports to its loader. */
export interface Bundle {
  run(): Promise<number>;
  /** The command the last run chose (`status`, `login`…), or undefined for help, version, usage errors. */
  commandName(): string | undefined;
}

type CommonJsFactory = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

interface Evaluated {
  bundle: Bundle;
  script: Script;
}

function evaluate(path: string, cachedData: Buffer | undefined): Evaluated {
  // The build wraps the bundle in the function Node puts around a CommonJS file (scripts/build.mjs).
  const source = readFileSync(path, 'utf8');
  const script = new Script(source, { filename: path, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  (script.runInThisContext() as CommonJsFactory)(
    module.exports,
    createRequire(path),
    module,
    path,
    dirname(path),
  );
  return { bundle: module.exports as Bundle, script };
}

const shippedCachePath = (bundle: string): string => `${bundle}.v8-cache`;

function isPlainRunOfBuildNode(): boolean {
  return (
    `${process.version}-${process.arch}` === __BUILD_NODE__ &&
    process.execArgv.length === 0 &&
    !process.env.NODE_OPTIONS
  );
}

/** The bundle, compiled from the shipped cache or this Node's own; its run() keeps that cache current. */
export function loadWithV8Cache(path: string): Pick<Bundle, 'run'> {
  if (isPlainRunOfBuildNode()) {
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(shippedCachePath(path));
    } catch {
      // No cache (a development build): compile as usual.
    }
    return evaluate(path, cachedData).bundle;
  }
  const cache = userCache(path);
  const found = cache?.read();
  const { bundle, script } = evaluate(path, found?.data);
  const usable = found !== undefined && !script.cachedDataRejected;
  return {
    async run() {
      const exitCode = await bundle.run();
      const command = bundle.commandName() ?? '-';
      const covered = usable ? found.commands : [];
      // After the run, so the cache holds what it compiled; once per command, not on every run.
      if (cache && !covered.includes(command)) {
        cache.write(() => script.createCachedData(), [...covered, command]);
      }
      return exitCode;
    },
  };
}

/**
 * Build step: run the bundle with each command line in `runs` (representative commands, against a
 * loopback server), one after the other in this process, and store what V8 compiled, top level and
 * runs alike, beside the bundle.
 */
export async function writeShippedCache(path: string, runs: readonly (readonly string[])[]): Promise<void> {
  const { bundle, script } = evaluate(path, undefined);
  for (const argv of runs) {
    process.argv = [process.execPath, path, ...argv];
    await bundle.run();
  }
  writeFileSync(shippedCachePath(path), script.createCachedData());
}
