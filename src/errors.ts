/**
 * Typed failures. Every layer throws these with context; only src/cli.ts turns them into
 * messages and exit codes, so the mapping lives in one place.
 */

/** The error codes named in the JSON error document on stderr (part of the contract). */
export type ErrorCode =
  | 'usage'
  | 'auth'
  | 'not_found'
  | 'unavailable'
  | 'bad_response'
  | 'timeout'
  | 'interrupted'
  | 'io';

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  auth: 4,
  unavailable: 5,
  badResponse: 6,
  running: 8,
  /** EX_IOERR from sysexits.h: the output could not be written. */
  io: 74,
  timeout: 124,
  interrupted: 130,
  terminated: 143,
} as const;

const EXIT_FOR_CODE: Record<ErrorCode, number> = {
  usage: EXIT.usage,
  auth: EXIT.auth,
  not_found: EXIT.notFound,
  unavailable: EXIT.unavailable,
  bad_response: EXIT.badResponse,
  timeout: EXIT.timeout,
  interrupted: EXIT.interrupted,
  io: EXIT.io,
};

export interface ErrorExtra {
  hint?: string;
  status?: number;
  importId?: string;
  exitCode?: number;
  /** Worth trying again (network, timeout, 408, 429, 5xx). */
  transient?: boolean;
  /** Short cause for retry announcements, e.g. "HTTP 503". */
  reason?: string;
  retryAfterMs?: number;
  /** What the server's Retry-After asked for, when that exceeded the cap (`retryAfterMs` is the cap). */
  retryAfterAskedMs?: number;
}

export class QiError extends Error {
  override readonly name = 'QiError';
  readonly exitCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: ErrorExtra = {},
  ) {
    super(message);
    this.exitCode = extra.exitCode ?? EXIT_FOR_CODE[code];
  }

  get hint(): string | undefined {
    return this.extra.hint;
  }
}

export const usageError = (message: string, hint?: string): QiError =>
  new QiError('usage', message, hint === undefined ? {} : { hint });

/** Thrown by output streams once the reader went away (`| head`): callers stop writing quietly. */
export class PipeClosedError extends Error {
  override readonly name = 'PipeClosedError';
}

/**
 * Thrown by output streams when a write fails for any other reason than a closed pipe (a full disk,
 * an I/O error): the results are lost, so the command must not end as if they were written.
 */
export class OutputWriteError extends Error {
  override readonly name = 'OutputWriteError';

  /** `reason` is the cause in words, e.g. "no space left on device". */
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write the output: ${reason}`, options);
  }
}

/**
 * When several imports are reported, the most serious outcome sets the exit code.
 * Order from the contract: 130, 74, 2, 4, 3, 5, 6, 1, 124, 8, 0 (SIGTERM's 143 ranks with 130).
 */
const SEVERITY = [143, 130, 74, 2, 4, 3, 5, 6, 1, 124, 8, 0];

export function mostSeriousExitCode(codes: Iterable<number>): number {
  let best = EXIT.ok as number;
  for (const code of codes) {
    const rank = SEVERITY.indexOf(code);
    const bestRank = SEVERITY.indexOf(best);
    if (rank !== -1 && rank < bestRank) best = code;
  }
  return best;
}
