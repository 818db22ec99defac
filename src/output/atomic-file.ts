/**
 * Files written whole or not at all: the text goes to a temporary file in the same folder (so the
 * rename stays on one file system), is flushed, then renamed over the target. A CI system reading
 * the report never sees half of one, and a failed write leaves no stray temporary file behind.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputWriteError } from '../errors.js';
import { systemErrorWords } from '../util/system-error.js';

/** Writes `text` to `path` atomically; a failure is an OutputWriteError naming the file and the cause. */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temporary, 'wx', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw new OutputWriteError(`${path}: ${systemErrorWords(error)}`, { cause: error });
  }
}

/** Appends `text` to `path` (created if missing), as GitHub's step summary file expects. */
export async function appendToFile(path: string, text: string): Promise<void> {
  try {
    await appendFile(path, text, 'utf8');
  } catch (error) {
    throw new OutputWriteError(`${path}: ${systemErrorWords(error)}`, { cause: error });
  }
}
