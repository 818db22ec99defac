/**
 * Reading an API key from a path or stdin without trusting what is there: never more than
 * KEY_MAX_BYTES, and no wait that Ctrl-C or SIGTERM cannot end. A regular file is read
 * synchronously in bounded chunks (no stream and no fs/promises on the start-up path: it cannot
 * block, and it cannot grow past the cap); anything that can block (a FIFO, `<(cmd)`, a terminal, a
 * device) is read as a stream that the abort signal destroys, so the event loop is never stuck.
 */
import {
  closeSync,
  constants,
  createReadStream,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  type Stats,
} from 'node:fs';
import type { Readable } from 'node:stream';
import { QiError, usageError } from '../errors.js';
import { readCapped } from './read-capped.js';

/** An API key is a short line; anything longer than this is the wrong file (or /dev/zero). */
export const KEY_MAX_BYTES = 64 * 1024;

export interface KeyFile {
  text: string;
  /** A regular file whose permission bits let group or others read it (a key at rest, exposed). */
  exposed: boolean;
}

/** Reads the key file at `path`; `what` names it in messages ("--api-key-file PATH"). */
export async function readKeyFile(path: string, what: string, signal?: AbortSignal): Promise<KeyFile> {
  // O_NONBLOCK: opening a FIFO nobody writes to would otherwise block the whole process, signals included.
  const fd = open(path, what);
  let info: Stats;
  try {
    info = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw unreadable(error, what);
  }
  if (info.isDirectory()) {
    closeSync(fd);
    throw usageError(`cannot read ${what}: it is a directory`);
  }
  if (info.isFile()) {
    const exposed = process.platform !== 'win32' && (info.mode & 0o077) !== 0;
    return { text: readRegularFile(fd, what), exposed };
  }
  return { text: await readKeyStream(streamFor(fd, info), what, signal), exposed: false };
}

/** Reads a key from a stream (stdin for `-`, or a FIFO or device), capped and abortable. */
export function readKeyStream(stream: Readable, what: string, signal?: AbortSignal): Promise<string> {
  return readCapped(stream, {
    maxBytes: KEY_MAX_BYTES,
    signal,
    tooLong: () => tooLong(what),
    unreadable: (error) => unreadable(error, what),
  });
}

function open(path: string, what: string): number {
  try {
    return openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const target = (error as NodeJS.ErrnoException).code === 'ENOENT' ? danglingLinkTarget(path) : undefined;
    if (target !== undefined) {
      throw usageError(`cannot read ${what}: it is a symbolic link to ${target}, which does not exist`);
    }
    throw unreadable(error, what);
  }
}

/** Where `path` points when it is a symbolic link to nothing ("no such file" would send the user astray). */
export function danglingLinkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** At most KEY_MAX_BYTES + 1 bytes, whatever the file claims its size is (/proc files say 0). */
function readRegularFile(fd: number, what: string): string {
  const buffer = Buffer.allocUnsafe(KEY_MAX_BYTES + 1);
  let size = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, size, buffer.length - size, null);
      if (read === 0) break;
      size += read;
      if (size > KEY_MAX_BYTES) throw tooLong(what);
    }
  } catch (error) {
    if (error instanceof QiError) throw error;
    throw unreadable(error, what);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8', 0, size);
}

/**
 * A stream for what may block: pipes and FIFOs go through libuv's poller, terminals through tty.
 * Both are loaded here only (node:tty is not otherwise needed when the output is piped), with
 * getBuiltinModule since the bundle runs where a dynamic import() of a builtin is not available.
 */
function streamFor(fd: number, info: Stats): Readable {
  if (info.isFIFO() || info.isSocket()) {
    const { Socket } = process.getBuiltinModule('node:net');
    return new Socket({ fd, readable: true, writable: false });
  }
  const tty = process.getBuiltinModule('node:tty');
  if (tty.isatty(fd)) return new tty.ReadStream(fd);
  // Other devices (/dev/zero, /dev/urandom) answer at once: plain reads, stopped at the cap.
  return createReadStream('', { fd, highWaterMark: 16 * 1024 });
}

const tooLong = (what: string) =>
  usageError(`${what} is longer than ${KEY_MAX_BYTES / 1024} KiB, the most an API key may take`);

function unreadable(error: unknown, what: string) {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (code ?? String(error));
  return usageError(`cannot read ${what}: ${why}`);
}
