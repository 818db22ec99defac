import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/render/text-width.js';
import { wrapWords } from '../../src/render/wrap-words.js';

const HINT =
  'qobra-imports: 36 rows of import 64b0c1ea000000000000000b were rejected: run `qobra-imports errors 64b0c1ea000000000000000b` to see them';

describe('wrapWords', () => {
  it('leaves a line that fits alone', () => {
    expect(wrapWords('short line', 60)).toBe('short line');
  });

  it.each([59, 99])(
    'wraps a long hint at %i cells between words, never inside the id or the command',
    (width) => {
      const lines = wrapWords(HINT, width).split('\n');
      expect(lines.length).toBeGreaterThan(1);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      expect(lines.some((line) => line.includes('`qobra-imports errors 64b0c1ea000000000000000b`'))).toBe(
        true,
      );
      expect(lines.filter((line) => line.includes('64b0c1ea000000000000000b')).length).toBe(2);
      expect(lines.map((line) => line.trim()).join(' ')).toBe(HINT);
    },
  );

  it('gives a word longer than the line a line of its own', () => {
    const id = 'x'.repeat(50);
    expect(wrapWords(`see ${id} now`, 30).split('\n')).toEqual(['see', `  ${id}`, '  now']);
  });
});
