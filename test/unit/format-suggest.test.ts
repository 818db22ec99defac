// "Did you mean": edit distance and the names close enough to a typo to suggest.
import { describe, expect, it } from 'vitest';
import { closestNames, editDistance } from '../../src/format/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['oportunities', 'opportunities', 1],
    ['kitten', 'sitting', 3],
    ['users', 'users', 0],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestNames', () => {
  const known = ['companies', 'opportunities', 'payments', 'users'];
  it.each([
    ['oportunities', ['opportunities']],
    ['Users', ['users']],
    ['user', ['users']],
    ['zzz', []],
    ['payment', ['payments']],
  ])('%s → %j', (typed, expected) => {
    expect(closestNames(typed, known)).toEqual(expected);
  });
});
