// Whether output is coloured: the flag, then FORCE_COLOR, NO_COLOR and TERM, then the terminal.
import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/render/color.js';

describe('colorEnabled', () => {
  it.each<[string, boolean | undefined, Record<string, string>, boolean, boolean]>([
    ['--color beats everything', true, { NO_COLOR: '1', FORCE_COLOR: '0', TERM: 'dumb' }, false, true],
    ['--no-color beats everything', false, { FORCE_COLOR: '1' }, true, false],
    ['FORCE_COLOR=1 on a pipe', undefined, { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR beats NO_COLOR', undefined, { FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
    ['FORCE_COLOR beats TERM=dumb', undefined, { FORCE_COLOR: '3', TERM: 'dumb' }, false, true],
    ['FORCE_COLOR=0 on a terminal', undefined, { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false on a terminal', undefined, { FORCE_COLOR: 'false' }, true, false],
    ['NO_COLOR on a terminal', undefined, { NO_COLOR: '1' }, true, false],
    ['an empty NO_COLOR is ignored', undefined, { NO_COLOR: '' }, true, true],
    ['TERM=dumb on a terminal', undefined, { TERM: 'dumb' }, true, false],
    ['a terminal', undefined, { TERM: 'xterm-256color' }, true, true],
    ['a pipe', undefined, {}, false, false],
  ])('%s', (_why, flag, env, isTTY, expected) => {
    expect(colorEnabled(flag, env, isTTY)).toBe(expected);
  });
});
