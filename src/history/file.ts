/**
 * The history file: JSON lines, appended by many runs at once and compacted now and then.
 *
 * Appends are one `write` of whole lines under O_APPEND, so concurrent runs never tear or
 * interleave a line. Compaction (keep each id's latest entry, the newest MAX_IDS ids) runs under a
 * lock file, writes a new file and renames it over the old one; lines appended to the old file
 * meanwhile are copied over by the compactor, or written again by their appender when it sees the
 * file was replaced, so none is lost (a duplicate is harmless: only each id's latest entry counts).
 */
import { closeSync, constants, fstatSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeFolder, writeFileAtomic } from '../util/private-files.js';
import { type HistoryEntry, latestPerId, parseEntry } from './entry.js';

/** The history keeps this many ids (each with its latest entry). */
export const MAX_IDS = 1000;
/** Compact once the file grows past this (about 1,000 ids' worth of lines, twice over). */
export const COMPACT_AT_BYTES = 400 * 1024;
/** Read at most the last this many bytes: a file grown huge by hand costs no more than this. */
const MAX_READ_BYTES = 8 * 2 ** 20;
/** A lock older than this was left by a run that died: it is taken over. */
const STALE_LOCK_MS = 30_000;

export interface HistoryRead {
  /** Each id once, newest first. */
  entries: HistoryEntry[];
  /** Why part or all of it was skipped (damaged lines, an unreadable file), for a warning. */
  problems: string[];
}

/** Reads the history; a missing file is empty, an unreadable or damaged one is skipped and said so. */
export function readHistory(path: string): HistoryRead {
  let text: string;
  try {
    text = readTail(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { entries: [], problems: [] };
    return { entries: [], problems: [`cannot read the history ${path} (${code ?? String(error)}); skipped`] };
  }
  const entries: HistoryEntry[] = [];
  let damaged = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const entry = parseEntry(line);
    if (entry) entries.push(entry);
    else damaged += 1;
  }
  const problems =
    damaged > 0 ? [`skipped ${damaged} damaged line${damaged === 1 ? '' : 's'} in the history ${path}`] : [];
  return { entries: latestPerId(entries, MAX_IDS), problems };
}

/** Appends entries (one write), then compacts when the file has grown past `compactAt` bytes. */
export function appendHistory(
  path: string,
  entries: readonly HistoryEntry[],
  compactAt = COMPACT_AT_BYTES,
): void {
  if (entries.length === 0) return;
  makeFolder(dirname(path));
  const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
  const size = appendOnce(path, text);
  if (size > compactAt) compact(path);
}

/** One O_APPEND write; written again if the file was replaced by a compaction meanwhile. Returns the size. */
function appendOnce(path: string, text: string, again = true): number {
  const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
  try {
    writeSync(fd, text);
    const written = fstatSync(fd);
    const current = statSync(path, { throwIfNoEntry: false });
    if (again && current?.ino !== written.ino) return appendOnce(path, text, false);
    return written.size;
  } finally {
    closeSync(fd);
  }
}

/** Keeps each id's latest entry, the newest MAX_IDS; skipped when another run is already at it. */
export function compact(path: string): void {
  const lock = `${path}.lock`;
  if (!takeLock(lock)) return;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const old = readFrom(fd, 0, size);
    const entries = latestPerId(
      old.split('\n').flatMap((line) => parseEntry(line) ?? []),
      MAX_IDS,
    ).reverse();
    writeFileAtomic(path, entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
    // Lines appended to the old file after it was read: copied over (whole lines, one write each).
    const late = readFrom(fd, size, fstatSync(fd).size - size);
    if (late) appendOnce(path, late, false);
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(lock, { force: true });
  }
}

function takeLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      closeSync(openSync(lock, 'wx', 0o600));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      const info = statSync(lock, { throwIfNoEntry: false });
      if (!info || Date.now() - info.mtimeMs < STALE_LOCK_MS) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

function readTail(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - MAX_READ_BYTES);
    const text = readFrom(fd, start, size - start);
    // Started mid-file: the first line is a fragment.
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    closeSync(fd);
  }
}

function readFrom(fd: number, start: number, length: number): string {
  if (length <= 0) return '';
  const buffer = Buffer.allocUnsafe(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.toString('utf8', 0, read);
}
