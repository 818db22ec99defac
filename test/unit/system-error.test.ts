// Causes in words: the operating system's description of an errno, not its code.
import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { systemErrorWords } from '../../src/util/system-error.js';

const errno = (code: keyof typeof constants.errno) =>
  Object.assign(new Error(`${code}: something, write`), { code, errno: -constants.errno[code] });

describe('systemErrorWords', () => {
  it.each([
    ['ENOSPC', 'no space left on device'],
    ['EIO', 'i/o error'],
    ['EFBIG', 'file too large'],
    ['EDQUOT', 'disk quota exceeded'],
    ['EROFS', 'read-only file system'],
  ] as const)('%s → %s', (code, words) => {
    expect(systemErrorWords(errno(code))).toBe(words);
  });

  it("keeps the words of Node's own wording when libuv has none", () => {
    const unknown = Object.assign(new Error('EWEIRD: the device went away, write'), {
      code: 'EWEIRD',
      errno: -99999,
    });
    expect(systemErrorWords(unknown)).toBe('the device went away');
  });

  it('falls back to the first line of the message, then to the code', () => {
    expect(systemErrorWords(new Error('the stream broke\nat somewhere'))).toBe('the stream broke');
    expect(systemErrorWords(Object.assign(new Error(''), { code: 'ERR_SOMETHING' }))).toBe('ERR_SOMETHING');
    expect(systemErrorWords(undefined)).toBe('unknown error');
  });
});
