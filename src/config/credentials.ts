/**
 * Writing and removing the credentials file (`auth login` / `auth logout`); reading it is
 * api-key.ts's job. The key goes in alone, 0600 in a 0700 folder, replaced atomically so a
 * concurrent reader sees the old key or the new one, never half of one.
 */
import { chmodSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Env } from '../util/env.js';
import { makeFolder, writeFileAtomic } from '../util/private-files.js';
import { credentialsPath } from './api-key.js';

/** Saves `key` as the credentials file and returns its path. */
export function saveCredentials(env: Env, key: string): string {
  const path = credentialsPath(env);
  const folder = dirname(path);
  makeFolder(folder, 0o700);
  // A folder made earlier (by hand, or with a looser umask) is ours: tighten it too.
  if ((statSync(folder).mode & 0o077) !== 0) chmodSync(folder, 0o700);
  writeFileAtomic(path, `${key}\n`);
  return path;
}

/** Removes the credentials file; returns its path and whether there was one. */
export function removeCredentials(env: Env): { path: string; removed: boolean } {
  const path = credentialsPath(env);
  const removed = statSync(path, { throwIfNoEntry: false }) !== undefined;
  rmSync(path, { force: true });
  return { path, removed };
}
