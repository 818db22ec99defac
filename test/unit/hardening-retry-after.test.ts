// Retry-After that makes no sense (zero, negative, past, unparsable) is ignored, and a capped wait is
// never credited to the server as if it had asked for it.
import { describe, expect, it } from 'vitest';
import { type FetchedImport, interpret } from '../../src/api/client.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryAfterWait } from '../../src/api/retry.js';
import { QiError } from '../../src/errors.js';
import { talkLine, warningLine } from '../../src/format/talk-line.js';
import { apiEventPrinter } from '../../src/output/api-events.js';
import { renderRetryAfterNote } from '../../src/render/retry-after-note.js';
import { renderRetryLine } from '../../src/render/watch-lines.js';
import { type PollEvent, pollImport, type RetryEvent } from '../../src/watch/poll.js';

const NOW = Date.parse('2024-06-25T10:20:00Z');

describe('retryAfterWait', () => {
  it.each([
    ['-5', undefined],
    ['0', undefined],
    ['0.0001', undefined],
    [' -1 ', undefined],
    ['Tue, 25 Jun 2024 10:19:59 GMT', undefined],
    [new Date(NOW - 3_600_000).toUTCString(), undefined],
    ['Tue, 25 Jun 2024 10:20:00 GMT', undefined],
    ['soon', undefined],
    ['1e3', undefined],
    ['', undefined],
    ['7', { waitMs: 7_000, askedMs: 7_000 }],
    ['60', { waitMs: 60_000, askedMs: 60_000 }],
    ['3600', { waitMs: MAX_RETRY_AFTER_MS, askedMs: 3_600_000 }],
    ['Tue, 25 Jun 2024 10:20:05 GMT', { waitMs: 5_000, askedMs: 5_000 }],
    ['Tue, 25 Jun 2024 12:20:00 GMT', { waitMs: MAX_RETRY_AFTER_MS, askedMs: 7_200_000 }],
  ])('%j → %j', (value, expected) => {
    expect(retryAfterWait(value, NOW)).toEqual(expected);
  });

  it('reads only the first of repeated headers', () => {
    expect(retryAfterWait(['0', '30'], NOW)).toBeUndefined();
    expect(retryAfterWait(['30', '0'], NOW)).toEqual({ waitMs: 30_000, askedMs: 30_000 });
  });

  it('does not read a bare negative number as a date (Date.parse("-5") is in 2001)', () => {
    expect(Number.isNaN(Date.parse('-5'))).toBe(false);
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW, Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});

describe('interpret: what a 503 carries for the retry loops (client and watcher alike)', () => {
  const answer = (retryAfter: string) => {
    try {
      interpret('imp', { status: 503, headers: { 'retry-after': retryAfter }, body: '' }, NOW);
    } catch (error) {
      return (error as QiError).extra;
    }
    throw new Error('a 503 must fail');
  };

  it('no Retry-After for nonsense values, so the backoff applies', () => {
    for (const value of ['-5', '0', new Date(NOW - 1_000).toUTCString()]) {
      expect(answer(value)).not.toHaveProperty('retryAfterMs');
      expect(answer(value)).not.toHaveProperty('retryAfterAskedMs');
      expect(answer(value).transient).toBe(true);
    }
  });

  it('the capped wait, and what was asked only when the cap cut it', () => {
    expect(answer('3600')).toMatchObject({ retryAfterMs: 60_000, retryAfterAskedMs: 3_600_000 });
    expect(answer('5')).toMatchObject({ retryAfterMs: 5_000 });
    expect(answer('5')).not.toHaveProperty('retryAfterAskedMs');
  });
});

describe('retry messages', () => {
  it('renderRetryAfterNote', () => {
    expect(renderRetryAfterNote(false)).toBe('');
    expect(renderRetryAfterNote(true)).toBe(", as the server's Retry-After asks");
    expect(renderRetryAfterNote(true, 3_600_000)).toBe(
      " (the cap: the server's Retry-After asked for 1h 00m)",
    );
  });

  it('status/errors: the retry line says the wait is the cap, not what the server asked', () => {
    const lines: string[] = [];
    const print = apiEventPrinter(
      {
        say: (line) => lines.push(line),
        tell: (text) => lines.push(talkLine(text)),
        warn: (text) => lines.push(warningLine(text)),
        startSpinner() {},
        stopSpinner() {},
      },
      false,
    );
    const retry = {
      type: 'retry' as const,
      importId: 'imp',
      attempt: 1,
      maxAttempts: 4,
      delayMs: 60_000,
      reason: 'HTTP 429',
    };
    print({ ...retry, retryAfter: true, retryAfterAskedMs: 3_600_000 });
    print({ ...retry, delayMs: 7_000, retryAfter: true });
    expect(lines).toEqual([
      "qobra-imports: import imp: HTTP 429; retrying in 1m 00s (the cap: the server's Retry-After asked for 1h 00m) (attempt 2 of 4)",
      "qobra-imports: import imp: HTTP 429; retrying in 7s, as the server's Retry-After asks (attempt 2 of 4)",
    ]);
  });

  it('watch: the poller passes on what was asked, and the line says the wait is the cap', async () => {
    const error = new QiError('unavailable', 'fetching import imp: HTTP 503', {
      importId: 'imp',
      status: 503,
      transient: true,
      reason: 'HTTP 503',
      retryAfterMs: 60_000,
      retryAfterAskedMs: 3_600_000,
    });
    let clock = NOW;
    let calls = 0;
    const controller = new AbortController();
    const runtime = {
      fetch: async (): Promise<FetchedImport> => {
        calls++;
        throw error;
      },
      now: () => clock,
      sleep: async (ms: number) => {
        clock += ms;
      },
      random: () => 0,
      signal: controller.signal,
    };
    let event: PollEvent | undefined;
    for await (event of pollImport('imp', { intervalMs: 2_000 }, runtime)) break;
    expect(calls).toBe(1);
    expect(event).toMatchObject({
      type: 'retry',
      delayMs: 60_000,
      retryAfter: true,
      retryAfterAskedMs: 3_600_000,
    });
    expect(renderRetryLine(event as RetryEvent)).toBe(
      "qobra-imports: 2024-06-25T10:20:00Z import imp: HTTP 503; retrying in 1m 00s (the cap: the server's Retry-After asked for 1h 00m)",
    );
  });
});
