/**
 * Why a value was rejected, worded like Qobra's parser (a Python service: its `details` are Python
 * exception texts such as "ValueError: could not convert string to float: 'AAAAA'"). Shared by the
 * scenario rows and by record ingestion so both read the same.
 */

export type FailureKind = 'float' | 'integer' | 'date' | 'email' | 'user' | 'required';

export interface Failure {
  kind: FailureKind;
  column: string;
  /** The cell as Qobra shows it (always a string). */
  value: string;
  /** The `details` line of a parsing error. */
  details: string;
}

/** Python's repr of a str: single quotes unless the text holds one and no double quote. */
function pyRepr(text: string): string {
  // Most values need no escaping; skipping the replaces keeps the 100,000-row scenario quick.
  if (!/[\\\n\r\t']/.test(text)) return `'${text}'`;
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  if (escaped.includes("'") && !escaped.includes('"')) return `"${escaped}"`;
  return `'${escaped.replace(/'/g, "\\'")}'`;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Null when `text` is a valid date (YYYY-MM-DD, optionally with a time); else Python's complaint. */
export function dateProblem(text: string): string | null {
  const match = ISO_DATE.exec(text);
  if (!match) return `time data ${pyRepr(text)} does not match format '%Y-%m-%d'`;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  if (month === undefined || month < 1 || month > 12) return 'month must be in 1..12';
  const daysInMonth = new Date(Date.UTC(year ?? 0, month, 0)).getUTCDate();
  if (day === undefined || day < 1 || day > daysInMonth) return 'day is out of range for month';
  if ((hour ?? 0) > 23) return 'hour must be in 0..23';
  if ((minute ?? 0) > 59) return 'minute must be in 0..59';
  if ((second ?? 0) > 59) return 'second must be in 0..59';
  return null;
}

export function floatFailure(column: string, value: string): Failure {
  return {
    kind: 'float',
    column,
    value,
    details: `ValueError: could not convert string to float: ${pyRepr(value)}`,
  };
}

export function integerFailure(column: string, value: string): Failure {
  return {
    kind: 'integer',
    column,
    value,
    details: `ValueError: invalid literal for int() with base 10: ${pyRepr(value)}`,
  };
}

export function dateFailure(column: string, value: string): Failure {
  return {
    kind: 'date',
    column,
    value,
    details: `ValueError: ${dateProblem(value) ?? 'invalid date'}`,
  };
}

export function emailFailure(column: string, value: string): Failure {
  return {
    kind: 'email',
    column,
    value,
    details: `ValueError: ${pyRepr(value)} is not a valid email address`,
  };
}

export function userFailure(column: string, value: string): Failure {
  return {
    kind: 'user',
    column,
    value,
    details: `UserNotFound: no user with email ${pyRepr(value)} in this workspace`,
  };
}

export function requiredFailure(column: string): Failure {
  return {
    kind: 'required',
    column,
    value: '',
    details: `ValueError: missing value for required field ${pyRepr(column)}`,
  };
}

const KIND_WORD: Record<FailureKind, string> = {
  float: 'float',
  integer: 'integer',
  date: 'date',
  email: 'email',
  user: 'user',
  required: '',
};

/** The error's `description`, worded like the documented "Can't parse 'AAAAA' as float for user attribute amount". */
export function describeFailure(failure: Failure): string {
  if (failure.kind === 'required') return `Missing value for user attribute ${failure.column}`;
  if (failure.kind === 'user')
    return `Can't find user '${failure.value}' for user attribute ${failure.column}`;
  return `Can't parse '${failure.value}' as ${KIND_WORD[failure.kind]} for user attribute ${failure.column}`;
}
