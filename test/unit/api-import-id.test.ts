// Which strings can be import ids; a refusal is a usage error that names the wrong character, escaped.
import { describe, expect, it } from 'vitest';
import { checkImportId } from '../../src/api/import-id.js';
import { QiError } from '../../src/errors.js';

function thrown(fn: () => unknown): QiError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(QiError);
    return error as QiError;
  }
  throw new Error('expected a throw');
}

describe('checkImportId', () => {
  it.each(['647a13fe875af4b4eb7133c2', 'a', 'x'.repeat(128), 'imp_2024-06-25.01', 'é-ü', 'a+b=c&d'])(
    'accepts %j',
    (id) => {
      expect(checkImportId(id)).toBe(id);
    },
  );

  it.each([
    ['empty', ''],
    ['129 characters', 'x'.repeat(129)],
    ['a space', '647a 13fe'],
    ['a leading space', ' 647a13fe'],
    ['a tab', '647a\t13fe'],
    ['a newline', '647a13fe\n'],
    ['a no-break space', '647a\u00a013fe'],
    ['a slash', '../admin'],
    ['a question mark', '647a?x=1'],
    ['a hash', '647a#frag'],
    ['a percent', '647a%2F13'],
    ['ESC', '647a\u001b[31m'],
    ['NUL', '647a\u0000'],
    ['DEL', '647a\u007f'],
    ['a C1 control', '647a\u0085'],
  ])('refuses an id with %s as a usage error (exit 2)', (_why, id) => {
    const error = thrown(() => checkImportId(id));
    expect(error).toMatchObject({ code: 'usage', exitCode: 2 });
    expect(error.message).not.toMatch(/[\u0000-\u001f]/);
  });

  it('says which character is wrong, escaped', () => {
    expect(thrown(() => checkImportId('abc/def')).message).toContain('"/"');
    expect(thrown(() => checkImportId('a b')).message).toContain('whitespace');
    expect(thrown(() => checkImportId('ab\u001bc')).message).toContain('\\u001b');
  });
});
