// Exit codes and their precedence, and the helpers commands use to combine per-import results.
import { describe, expect, it } from 'vitest';
import { combineResults, mapBounded } from '../../src/commands/command.js';
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

describe('mapBounded', () => {
  it('keeps input order whatever the completion order', async () => {
    const delays = [30, 5, 20, 1, 10];
    const results = mapBounded(
      delays,
      2,
      (ms) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms)),
    );
    expect(await Promise.all(results)).toEqual(delays);
  });

  it('never runs more than the bound at once, and runs them all', async () => {
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return n * 10;
    });
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('a failure frees its slot and rejects only its own promise', async () => {
    const results = mapBounded(['ok', 'bad', 'ok2'], 1, async (s) => {
      if (s === 'bad') throw new Error('nope');
      return s;
    });
    await expect(results[0]).resolves.toBe('ok');
    await expect(results[1]).rejects.toThrow('nope');
    await expect(results[2]).resolves.toBe('ok2');
  });
});
