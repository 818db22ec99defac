// Flag value parsers: each returns a typed value or throws commander's InvalidArgumentError (exit 2).
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collect, parseDuration, parsePort, parsePositiveInt, parseSeconds } from '../../src/cli/parsers.js';

describe('parseSeconds', () => {
  it.each([
    ['2', 2],
    ['0.5', 0.5],
    ['.25', 0.25],
    [' 10 ', 10],
    ['600', 600],
  ])('%j → %d', (text, seconds) => {
    expect(parseSeconds(text)).toBe(seconds);
  });

  it.each(['0', '0.0', '-1', '', ' ', 'abc', '1e3', '2s', 'Infinity', 'NaN', '1.2.3', '0x10'])(
    'refuses %j',
    (text) => {
      expect(() => parseSeconds(text)).toThrow(InvalidArgumentError);
    },
  );
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['1H30M', 5_400_000],
    ['1.5h', 5_400_000],
    ['2d', 172_800_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    ['90', 90_000],
    ['0.5', 500],
    [' 10M ', 600_000],
  ])('%j → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0', '0s', '0m0s', '-5s', '10x', 'm', '1h 30m', 'ten minutes', '1e3s', 's10'])(
    'refuses %j',
    (text) => {
      expect(() => parseDuration(text)).toThrow(InvalidArgumentError);
    },
  );
});

describe('parsePositiveInt and parsePort', () => {
  it('parses whole numbers', () => {
    expect(parsePositiveInt('1')).toBe(1);
    expect(parsePositiveInt(' 250 ')).toBe(250);
    expect(parsePort('0')).toBe(0);
    expect(parsePort('65535')).toBe(65535);
  });

  it.each(['0', '-1', '1.5', 'x', ''])('parsePositiveInt refuses %j', (text) => {
    expect(() => parsePositiveInt(text)).toThrow(InvalidArgumentError);
  });

  it.each(['65536', '-1', '80.5', 'http', ''])('parsePort refuses %j', (text) => {
    expect(() => parsePort(text)).toThrow(InvalidArgumentError);
  });

  it('collect gathers repeated values in order', () => {
    expect(collect('b', collect('a'))).toEqual(['a', 'b']);
  });
});
