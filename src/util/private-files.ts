/**
 * Files that hold something personal (a key, what you looked at): created 0600 in a 0700 folder, and
 * replaced atomically (a temporary file renamed over the old one), so a reader never sees half of one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Creates `path` (mode `mode`) and its missing parents, one level at a time: Node 20's recursive
 * mkdir can loop forever on some file systems. Throws the cause when it cannot.
 */
export function makeFolder(path: string, mode = 0o700, depth = 32): void {
  try {
    mkdirSync(path, { mode });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    const parent = dirname(path);
    if (code !== 'ENOENT' || depth === 0 || parent === path) throw error;
    // Parents are the user's (~/.config, ~/.local/state): the usual 0755, only our own folder is 0700.
    makeFolder(parent, 0o755, depth - 1);
    try {
      mkdirSync(path, { mode });
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'EEXIST') throw again;
    }
  }
}

/** Writes `text` to `path` with mode 0600 through a temporary file in the same folder and a rename. */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  // O_EXCL: never write through a file (or link) someone else put there.
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
