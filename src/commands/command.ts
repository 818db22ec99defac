/** What every command shares: its deps (with a ready API client) and the shape of its result. */
import type { ImportsApi } from '../api/client.js';
import type { Deps } from '../deps.js';
import { mostSeriousExitCode, type QiError } from '../errors.js';
import type { ImportLog } from '../model/import-report.js';
import type { Talk } from '../output/talk.js';

export interface CommandDeps extends Deps {
  api: ImportsApi;
  talk: Talk;
  /** Present when CI reports are wanted: what the command learnt of each import goes here. */
  importLog?: ImportLog;
}

/** Output flags every reporting command takes. */
export interface OutputOptions {
  json: boolean;
  /** From --color / --no-color; undefined lets the environment decide. */
  color?: boolean;
}

export interface CommandResult {
  exitCode: number;
  /** The failure that decided the exit code, for the JSON error document on stderr. */
  error?: QiError;
}

/** Several per-import outcomes → one: the most serious exit code wins (contract order). */
export function combineResults(results: readonly CommandResult[]): CommandResult {
  const exitCode = mostSeriousExitCode(results.map((r) => r.exitCode));
  const error = results.find((r) => r.exitCode === exitCode && r.error)?.error;
  return error ? { exitCode, error } : { exitCode };
}
