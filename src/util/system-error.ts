/** An operating system error in words ("no space left on device"), not in codes (ENOSPC, -28). */
import { getSystemErrorMap } from 'node:util';

/** Causes of a failed write that some libuv versions do not describe. */
const MORE_WORDS: Readonly<Record<string, string>> = {
  EDQUOT: 'disk quota exceeded',
};

export function systemErrorWords(error: unknown): string {
  const { errno, code, message } = (error ?? {}) as Partial<NodeJS.ErrnoException>;
  // libuv's own description of the errno: the words strerror would print, in lower case.
  const described = typeof errno === 'number' ? getSystemErrorMap().get(errno)?.[1] : undefined;
  if (described) return described;
  if (typeof code === 'string' && MORE_WORDS[code]) return MORE_WORDS[code];
  // Node words system errors "ENOSPC: no space left on device, write": keep the words only.
  const line = typeof message === 'string' ? (message.trim().split('\n')[0] ?? '') : '';
  const words = line.replace(/^E[A-Z0-9]+: /, '').replace(/, (write|writev|open|close|fsync)\b.*$/, '');
  if (words) return words;
  return typeof code === 'string' ? code : 'unknown error';
}
