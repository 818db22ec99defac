// Several per-import results make one command result: the most serious exit code, with its error.
import { describe, expect, it } from 'vitest';
import { combineResults } from '../../src/commands/command.js';
import { QiError } from '../../src/errors.js';

describe('combineResults', () => {
  const notFound = new QiError('not_found', 'import b not found');
  const unavailable = new QiError('unavailable', 'HTTP 503 after 4 attempts');

  it('404 beats "finished with errors", and keeps the 404 error', () => {
    expect(combineResults([{ exitCode: 1 }, { exitCode: 3, error: notFound }])).toEqual({
      exitCode: 3,
      error: notFound,
    });
  });

  it('keeps the error of the outcome that decided the code', () => {
    expect(
      combineResults([
        { exitCode: 5, error: unavailable },
        { exitCode: 3, error: notFound },
        { exitCode: 0 },
      ]),
    ).toEqual({
      exitCode: 3,
      error: notFound,
    });
  });

  it('has no error when the deciding outcome is not a failure', () => {
    expect(combineResults([{ exitCode: 0 }, { exitCode: 8 }, { exitCode: 1 }])).toEqual({ exitCode: 1 });
    expect(combineResults([])).toEqual({ exitCode: 0 });
  });
});
