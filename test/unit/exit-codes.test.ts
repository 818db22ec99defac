// Exit codes: which error exits with which code, and which code wins when imports disagree.
import { describe, expect, it } from 'vitest';
import { EXIT_CODES_HELP } from '../../src/cli/help.js';
import { type ErrorCode, EXIT, mostSeriousExitCode, QiError, usageError } from '../../src/errors.js';

const CONTRACT_ORDER = [130, 2, 4, 3, 5, 6, 1, 124, 8, 0];

describe('mostSeriousExitCode', () => {
  it('is 0 for no results', () => {
    expect(mostSeriousExitCode([])).toBe(0);
  });

  it.each(CONTRACT_ORDER.flatMap((a, i) => CONTRACT_ORDER.slice(i + 1).map((b) => [a, b])))(
    '%i beats %i, whatever the order',
    (serious, lesser) => {
      expect(mostSeriousExitCode([serious, lesser])).toBe(serious);
      expect(mostSeriousExitCode([lesser, serious])).toBe(serious);
    },
  );

  it('picks the most serious among many', () => {
    expect(mostSeriousExitCode([0, 8, 1, 124, 8, 0])).toBe(1);
    expect(mostSeriousExitCode([0, 1, 3, 5, 6])).toBe(3);
    expect(mostSeriousExitCode([8, 0, 5, 4, 1])).toBe(4);
    expect(mostSeriousExitCode(new Set([6, 2, 130]))).toBe(130);
  });

  it('ranks SIGTERM (143) with 130, above everything else', () => {
    for (const code of CONTRACT_ORDER.slice(1)) expect(mostSeriousExitCode([code, 143])).toBe(143);
    expect([130, 143]).toContain(mostSeriousExitCode([130, 143]));
  });
});

describe('QiError', () => {
  it.each<[ErrorCode, number]>([
    ['usage', 2],
    ['auth', 4],
    ['not_found', 3],
    ['unavailable', 5],
    ['bad_response', 6],
    ['timeout', 124],
    ['interrupted', 130],
  ])('%s exits %i', (code, exitCode) => {
    const error = new QiError(code, 'message');
    expect(error.exitCode).toBe(exitCode);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('QiError');
  });

  it('lets an explicit exit code win (SIGTERM is interrupted with 143)', () => {
    expect(new QiError('interrupted', 'terminated', { exitCode: EXIT.terminated }).exitCode).toBe(143);
  });

  it('usageError carries the hint when there is one', () => {
    expect(usageError('bad flag', 'try --help')).toMatchObject({
      code: 'usage',
      exitCode: 2,
      message: 'bad flag',
      hint: 'try --help',
    });
    expect(usageError('bad flag').hint).toBeUndefined();
  });
});

describe('74: the output could not be written', () => {
  it('ranks just below 130 (and 143), above every other outcome', () => {
    for (const code of CONTRACT_ORDER.slice(1)) {
      expect(mostSeriousExitCode([code, 74])).toBe(74);
      expect(mostSeriousExitCode([74, code])).toBe(74);
    }
    expect(mostSeriousExitCode([74, 130])).toBe(130);
    expect(mostSeriousExitCode([143, 74])).toBe(143);
  });

  it('is the exit code of an io failure', () => {
    expect(new QiError('io', 'cannot write the output: no space left on device').exitCode).toBe(74);
    expect(EXIT.io).toBe(74);
  });

  it('is listed, with the whole precedence, in the exit codes --help shows', () => {
    expect(EXIT_CODES_HELP).toMatch(/\n {2}74 +the output could not be written/);
    expect(EXIT_CODES_HELP).toContain('130, 74, 2, 4, 3, 5, 6, 1, 124, 8, 0');
  });
});
