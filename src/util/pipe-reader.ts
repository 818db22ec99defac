/**
 * Whether anyone still reads the pipe our stdout writes to. A writer learns that the reader went
 * away only when it next writes (EPIPE), and a zero-length write to a pipe succeeds whatever the
 * reader did: so `watch … | head -1` on an import that no longer changes would poll on for minutes.
 * On Linux, /proc tells which processes hold the pipe open for reading; elsewhere, or when /proc
 * hides them (another user, hidepid), there is no answer and callers keep the EPIPE behaviour.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** A process's open file: /proc/<pid>/fd/<fd>. */
type Holder = readonly [pid: string, fd: string];

const O_ACCMODE = 0o3;
const O_WRONLY = 0o1;

/**
 * For a pipe on `fd`: a check that answers true once no process we could see reading it at the start
 * holds it for reading any more. Undefined when that cannot be known: not Linux, not a pipe, or no
 * reader visible now (we never guess that a reader is gone).
 */
export function pipeReaderCheck(fd = 1): (() => boolean) | undefined {
  if (process.platform !== 'linux') return undefined;
  const pipe = linkOf(String(process.pid), String(fd));
  if (!pipe?.startsWith('pipe:[')) return undefined;
  let readers = scanReaders(pipe);
  if (readers.length === 0) return undefined;
  return () => {
    if (readers.some((holder) => isReader(holder, pipe))) return false;
    // The ones we knew are gone: look once more, for a reader that started since (a forked child).
    readers = scanReaders(pipe);
    return readers.length === 0;
  };
}

function scanReaders(pipe: string): Holder[] {
  const found: Holder[] = [];
  for (const pid of list('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    for (const fd of list(`/proc/${pid}/fd`)) if (isReader([pid, fd], pipe)) found.push([pid, fd]);
  }
  return found;
}

function isReader([pid, fd]: Holder, pipe: string): boolean {
  if (linkOf(pid, fd) !== pipe) return false;
  try {
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & O_ACCMODE) !== O_WRONLY;
  } catch {
    return false;
  }
}

function linkOf(pid: string, fd: string): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch {
    return undefined;
  }
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
