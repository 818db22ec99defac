/**
 * Node 20's code cache (it has no `module.enableCompileCache()`): the bundle is compiled through
 * vm.Script with V8's cached data. V8 accepts cached data only from the same V8 version run with the
 * same flags, and rejects it only after it was read, so:
 * - a plain run (no NODE_OPTIONS, no node flags) on the Node that built the package uses the cache the
 *   build stored beside the bundle;
 * - any other run (another Node 20 release, or flags: NODE_OPTIONS=--max-old-space-size=4096 is common
 *   in CI) never reads that one. It uses a cache of its own in $XDG_CACHE_HOME/qobra-imports/ (by default
 *   ~/.cache), one file per Node release and node options, written on its first run, as Node >= 22 does.
 * A cache that cannot be read or written is skipped silently: it only ever saves time.
 */
import {
  accessSync,
  constants,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

// Set by the build: the Node release and architecture that wrote the shipped cache.
declare const __BUILD_NODE__: string;

type CommonJsFactory = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

function evaluate(bundle: string, cachedData: Buffer | undefined): { exports: unknown; script: Script } {
  const source = readFileSync(bundle, 'utf8');
  // The same wrapper Node puts around a CommonJS file, on the first line so stack traces keep their line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} };
  (script.runInThisContext() as CommonJsFactory)(
    module.exports,
    createRequire(bundle),
    module,
    bundle,
    dirname(bundle),
  );
  return { exports: module.exports, script };
}

const shippedCachePath = (bundle: string): string => `${bundle}.v8-cache`;

function isPlainRunOfBuildNode(): boolean {
  return (
    `${process.version}-${process.arch}` === __BUILD_NODE__ &&
    process.execArgv.length === 0 &&
    !process.env.NODE_OPTIONS
  );
}

/** The bundle's exports, compiled from the shipped cache or this Node's own. */
export function loadWithV8Cache(bundle: string): unknown {
  if (isPlainRunOfBuildNode()) {
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(shippedCachePath(bundle));
    } catch {
      // No cache (a development build): compile as usual.
    }
    return evaluate(bundle, cachedData).exports;
  }
  const ownCache = userCache(bundle);
  const cachedData = ownCache?.read();
  const { exports, script } = evaluate(bundle, cachedData);
  if (ownCache && (!cachedData || script.cachedDataRejected)) ownCache.write(() => script.createCachedData());
  return exports;
}

/** Build step: evaluate the bundle once and store what V8 compiled beside it. */
export function writeShippedCache(bundle: string): void {
  const { script } = evaluate(bundle, undefined);
  writeFileSync(shippedCachePath(bundle), script.createCachedData());
}

interface UserCache {
  read(): Buffer | undefined;
  /** `data` is called only once the folder is known to be writable: it costs a few ms. */
  write(data: () => Buffer): void;
}

/**
 * One file per Node release and node options: the flags V8 hashes come from process.execArgv and
 * NODE_OPTIONS, read as text (node:v8's cachedDataVersionTag would be exact, but loading node:v8
 * under flags costs ~6 ms, half of what the cache saves). Its first line names the bundle it was made
 * from (size and mtime): V8 itself only compares the source's length, and accepting a cache made from
 * another build of the same length would run stale code.
 */
function userCache(bundle: string): UserCache | undefined {
  const base = process.env.XDG_CACHE_HOME || (process.env.HOME && join(process.env.HOME, '.cache'));
  if (!base) return undefined;
  let identity: string;
  try {
    const { size, mtimeMs } = statSync(bundle);
    identity = `qobra-imports ${size} ${mtimeMs}\n`;
  } catch {
    return undefined;
  }
  const options = fnv1a(`${process.execArgv.join('\0')}\0${process.env.NODE_OPTIONS ?? ''}`);
  const directory = join(base, 'qobra-imports');
  const file = join(directory, `${PREFIX}${process.version}-${process.arch}-${options}`);
  return {
    read() {
      try {
        const content = readFileSync(file);
        const header = content.subarray(0, identity.length).toString('latin1');
        return header === identity ? content.subarray(identity.length) : undefined;
      } catch {
        return undefined;
      }
    },
    write(data) {
      // Written aside then renamed, so a concurrent run never reads half a file.
      const partial = `${file}.${process.pid}.tmp`;
      // A read-only or missing home: every run compiles from scratch, as without a cache.
      if (!makeFolder(directory, 8)) return;
      try {
        accessSync(directory, constants.W_OK);
      } catch {
        return;
      }
      try {
        writeFileSync(partial, Buffer.concat([Buffer.from(identity, 'latin1'), data()]));
        renameSync(partial, file);
        prune(directory);
      } catch {
        rmSync(partial, { force: true }); // A full disk, say: the next run tries again.
      }
    },
  };
}

/**
 * mkdir -p, but each level tried once: `recursive: true` loops forever where mkdir answers ENOENT
 * for a parent that exists (a cache home under /proc hung the CLI at full CPU).
 */
function makeFolder(path: string, depth: number): boolean {
  const attempt = (): string | undefined => {
    try {
      mkdirSync(path);
      return undefined;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'EEXIST' ? undefined : (code ?? 'error');
    }
  };
  const first = attempt();
  if (first === undefined) return true;
  const parent = dirname(path);
  if (first !== 'ENOENT' || depth === 0 || parent === path || !makeFolder(parent, depth - 1)) return false;
  return attempt() === undefined;
}

const PREFIX = 'v8-cache-';
/** Node releases and option sets come and go (NODE_OPTIONS may even hold a temporary path): keep the newest few. */
const KEEP = 8;

function prune(directory: string): void {
  const caches = readdirSync(directory)
    .filter((name) => name.startsWith(PREFIX) && !name.endsWith('.tmp'))
    .map((name) => ({ path: join(directory, name), mtime: statSync(join(directory, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { path } of caches.slice(KEEP)) rmSync(path, { force: true });
}

/** 32-bit FNV-1a, as hex: a short, stable file name for any text. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
