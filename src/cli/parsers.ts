/** Pure parsers for flag values; each throws commander's InvalidArgumentError, which exits 2. */
import { InvalidArgumentError } from 'commander';
import { MAX_TIMER_MS } from '../util/timers.js';

/** Timers overflow past 2^31 - 1 ms (~24.8 days) and fire at once: the longest wait a flag may ask for. */
export const MAX_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** Seconds as a positive number, fractions allowed ("2", "0.5"), at most MAX_SECONDS. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (
    !/^\s*\d*\.?\d+\s*$/.test(value) ||
    !Number.isFinite(seconds) ||
    seconds <= 0 ||
    seconds > MAX_SECONDS
  ) {
    throw new InvalidArgumentError(
      `expected a positive number of seconds up to ${MAX_SECONDS}, e.g. 2 or 0.5`,
    );
  }
  return seconds;
}

/** `watch --interval`: 0.1 s to a day. Faster would hammer the API; slower is not watching. */
export function parseInterval(value: string): number {
  const seconds = Number(value);
  if (!/^\s*\d*\.?\d+\s*$/.test(value) || !(seconds >= 0.1 && seconds <= 86_400)) {
    throw new InvalidArgumentError('expected seconds between 0.1 and 86400, e.g. 2 or 0.5');
  }
  return seconds;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "10m", "1h30m", "1.5h" or a bare number of seconds → milliseconds. */
export function parseDuration(value: string): number {
  const text = value.trim().toLowerCase();
  if (/^\d*\.?\d+$/.test(text)) return positive(Number(text) * 1000);
  if (!/^(\d*\.?\d+(ms|s|m|h|d))+$/.test(text)) {
    throw new InvalidArgumentError(
      'expected a duration such as 90s, 10m or 1h30m (a bare number is seconds)',
    );
  }
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d*\.?\d+)(ms|s|m|h|d)/g))
    total += Number(amount) * (UNIT_MS[unit ?? 's'] ?? 1000);
  return positive(total);
}

function positive(ms: number): number {
  if (!(ms > 0)) throw new InvalidArgumentError('the duration must be more than zero');
  if (ms > MAX_SECONDS * 1000)
    throw new InvalidArgumentError(`the duration must be at most ${MAX_SECONDS} seconds (24 days)`);
  return Math.round(ms);
}

/** A whole number ≥ 1. */
export function parsePositiveInt(value: string): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('expected a whole number of at least 1');
  return Number(value);
}

/** A TCP port, 0 meaning "any free port". */
export function parsePort(value: string): number {
  if (!/^\s*\d+\s*$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return Number(value);
}

/** Repeatable flag: collects every value given. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
