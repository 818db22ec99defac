/** How a failure reads on stderr: a human line plus hint, or the contract's JSON error document. */
import { QiError } from '../errors.js';
import { errorLine, hintLine, warningLine } from '../format/talk-line.js';
import { sanitize } from './sanitize.js';

export function renderErrorLines(error: QiError): string {
  const hint = error.hint ? `${hintLine(sanitize(error.hint))}\n` : '';
  return `${errorLine(sanitize(error.message))}\n${hint}`;
}

/** `{"error":{"code":"not_found","message":"...","exit_code":3}}`: the last stderr line under --json. */
export function renderErrorJson(error: QiError): string {
  return `${JSON.stringify({ error: { code: error.code, message: sanitize(error.message), exit_code: error.exitCode } })}\n`;
}

/** Anything thrown that is not a QiError is a bug: say so in one line, with the stack only when asked. */
export function unexpectedError(error: unknown): QiError {
  if (error instanceof QiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new QiError('bad_response', `unexpected internal error: ${message}`, {
    hint: 'run again with --verbose for details, and report it if it persists',
  });
}

/** The one wording of the warning for a status Qobra's docs do not list (status, watch and errors). */
export function renderUnknownStatusWarning(id: string, status: string): string {
  return warningLine(
    `import ${sanitize(id)} reports status "${sanitize(status)}", which Qobra's docs do not list; counting it as not finished`,
  );
}
