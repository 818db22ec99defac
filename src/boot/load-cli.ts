/**
 * Loads the bundled CLI through V8's code cache. Node 20 has no `module.enableCompileCache()`, and
 * compiling the ~0.5 MB bundle is a large share of every run's start-up; the build stores the
 * compiled code beside the bundle, and V8 itself rejects it (falling back to a normal compile) when
 * the source, Node version or V8 flags differ. Nothing is ever written at run time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const BUNDLE = join(__dirname, 'cli.cjs');
const CACHE = `${BUNDLE}.v8-cache`;

type CommonJsFactory = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

function evaluate(cachedData: Buffer | undefined): { exports: unknown; script: Script } {
  const source = readFileSync(BUNDLE, 'utf8');
  // The same wrapper Node puts around a CommonJS file, on the first line so stack traces keep their line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} };
  (script.runInThisContext() as CommonJsFactory)(
    module.exports,
    createRequire(BUNDLE),
    module,
    BUNDLE,
    dirname(BUNDLE),
  );
  return { exports: module.exports, script };
}

/** The bundle's exports (`run`, `main`), compiled from the cache when it is valid. */
export function loadCli(): { run(): Promise<number> } {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(CACHE);
  } catch {
    // No cache (e.g. a development build): compile as usual.
  }
  return evaluate(cachedData).exports as { run(): Promise<number> };
}

/** Build step: evaluate the bundle once and store what V8 compiled. */
export function writeCodeCache(): void {
  const { script } = evaluate(undefined);
  writeFileSync(CACHE, script.createCachedData());
}
