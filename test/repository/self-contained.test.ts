// A clone of this repository alone must build and pass its tests: nothing may read files from a
// directory beside it (as the tests once read a fixture from a sibling checkout).
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_IMPORT_BODY } from '../../src/sandbox/fixture.js';
import { DOCUMENTED_EXAMPLE_PATH, DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Everything that runs at build, test or run time, and the configuration that drives it. */
const CHECKED_DIRS = ['src', 'test', 'bench', 'scripts', 'bin', '.ci'];
const CHECKED_ROOT_FILES = ['package.json', 'vitest.config.ts', 'tsconfig.json', 'biome.json'];
const TEXT_FILE = /\.(ts|mts|cts|js|mjs|cjs|json)$|^run$/;

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && TEXT_FILE.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const checkedFiles = [...CHECKED_DIRS.flatMap(filesUnder), ...CHECKED_ROOT_FILES];
function isInsideRoot(path: string): boolean {
  const fromRoot = relative(ROOT, path);
  return !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
}

describe('a clone with nothing beside it', () => {
  it('finds the files it checks (so the checks below cannot pass vacuously)', () => {
    expect(checkedFiles).toContain(join('test', 'helpers', 'documented-example.ts'));
    expect(checkedFiles).toContain(join('bench', 'startup.mjs'));
    expect(checkedFiles).toContain(join('src', 'sandbox', 'fixture.ts'));
    expect(checkedFiles).toContain(join('scripts', 'build.mjs'));
  });

  it('has no file that refers to the sibling shared/ directory', () => {
    // Spelled in two parts so that this file does not match itself.
    const sibling = ['..', 'shared'].join('/');
    const offenders = checkedFiles.filter((file) => readFileSync(join(ROOT, file), 'utf8').includes(sibling));
    expect(offenders).toEqual([]);
  });

  it('resolves every module-relative URL to a path inside the repository', () => {
    const relativeUrl = /new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g;
    const outside: string[] = [];
    for (const file of checkedFiles) {
      for (const [, target] of readFileSync(join(ROOT, file), 'utf8').matchAll(relativeUrl)) {
        if (!isInsideRoot(resolve(join(ROOT, file, '..'), target!))) outside.push(`${file}: ${target}`);
      }
    }
    expect(outside).toEqual([]);
  });
});

describe('the documented example', () => {
  it('is committed in the repository', () => {
    expect(isInsideRoot(fileURLToPath(DOCUMENTED_EXAMPLE_PATH))).toBe(true);
  });

  it('is what the sandbox serves, byte for byte, trailing newline included', () => {
    expect(Buffer.from(DOCUMENTED_IMPORT_BODY, 'utf8').equals(readFileSync(DOCUMENTED_EXAMPLE_PATH))).toBe(
      true,
    );
    expect(DOCUMENTED_EXAMPLE_TEXT).toBe(DOCUMENTED_IMPORT_BODY);
    expect(DOCUMENTED_EXAMPLE_TEXT.endsWith('}\n')).toBe(true);
  });
});
