/**
 * The code cache a run keeps for itself (see v8-cache.ts), in $XDG_CACHE_HOME/qobra-imports/: one file
 * per Node release and node options. The flags V8 hashes come from process.execArgv and NODE_OPTIONS,
 * read as text (node:v8's cachedDataVersionTag would be exact, but loading node:v8 under flags costs
 * ~6 ms, half of what the cache saves). Its first line names the bundle it was made from (size and
 * mtime: V8 itself only compares the source's length, and accepting a cache made from another build of
 * the same length would run stale code) and the commands whose runs it holds.
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
import { dirname, join } from 'node:path';

export interface UserCache {
  read(): { data: Buffer; commands: string[] } | undefined;
  /** `data` is called only once the folder is known to be writable: it costs a few ms. */
  write(data: () => Buffer, commands: readonly string[]): void;
}

const MAGIC = 'qobra-imports';

export function userCache(bundle: string): UserCache | undefined {
  // Node's own switch for its compile cache, which this one stands in for: nothing read or written.
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (process.env.HOME && join(process.env.HOME, '.cache'));
  if (!base) return undefined;
  let identity: string;
  try {
    const { size, mtimeMs } = statSync(bundle);
    identity = `${MAGIC} ${size} ${mtimeMs}`;
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
        const end = content.indexOf(10);
        const [header, commands = ''] = content.subarray(0, end).toString('latin1').split(' | ');
        if (end < 0 || header !== identity) return undefined;
        return { data: content.subarray(end + 1), commands: commands.split(' ') };
      } catch {
        return undefined;
      }
    },
    write(data, commands) {
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
        const header = `${identity} | ${commands.join(' ')}\n`;
        writeFileSync(partial, Buffer.concat([Buffer.from(header, 'latin1'), data()]));
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
