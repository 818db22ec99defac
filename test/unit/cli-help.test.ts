// Help that reads well: `help exit-codes` (the README's table, wrapped to the width), each command's
// examples, defaults and global flags, usage errors with the program's prefix, counts grouped alike.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliDeps } from '../../src/cli/cli-deps.js';
import { EXIT_CODE_ROWS, renderExitCodesTopic, wrapWords } from '../../src/cli/help.js';
import { lazyCommandRunners } from '../../src/cli/runners.js';
import { main } from '../../src/cli.js';
import { plural } from '../../src/format/number.js';
import { captureOutput, fakeDeps } from '../helpers/fake-deps.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function deps(columns = 0): CliDeps & ReturnType<typeof fakeDeps> {
  const stdout = captureOutput(columns ? { isTTY: true, columns } : {});
  return Object.assign(fakeDeps({ stdout }), {
    connect: async () => {
      throw new Error('help never connects');
    },
    commands: lazyCommandRunners,
  });
}

/** The README's "## Exit codes" table as [code, meaning] rows, markdown taken off. */
function readmeExitCodes(): [string, string][] {
  const section = README.split('\n## Exit codes\n')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((match) => [
    match[1] ?? '',
    (match[2] ?? '').replaceAll('`', '').replaceAll('\\|', '|'),
  ]);
}

describe('help exit-codes', () => {
  it('lists every exit code, on stdout, exit 0', async () => {
    const run = deps();
    expect(await main(['help', 'exit-codes'], run)).toBe(0);
    expect(run.stderr.text).toBe('');
    const codes = [...run.stdout.text.matchAll(/^ {2}(\d+) +\S/gm)].map((m) => Number(m[1]));
    expect(codes).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 74, 124, 130]);
    expect(run.stdout.text).toContain('143 for SIGTERM');
  });

  it('is the README table, row for row and word for word', () => {
    expect(readmeExitCodes()).toEqual(EXIT_CODE_ROWS.map(([code, meaning]) => [code, meaning]));
  });

  it.each([60, 100])('wraps to a %i-column terminal without losing a word', async (columns) => {
    const run = deps(columns);
    expect(await main(['help', 'exit-codes'], run)).toBe(0);
    const lines = run.stdout.text.trimEnd().split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(columns);
    const words = (text: string) => text.split(/\s+/).filter(Boolean);
    for (const [, meaning] of EXIT_CODE_ROWS) {
      expect(words(run.stdout.text).join(' ')).toContain(words(meaning).join(' '));
    }
  });

  it('renders at 80 columns when the width is unknown', () => {
    const lines = renderExitCodesTopic(0).trimEnd().split('\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    expect(Math.max(...lines.map((line) => line.length))).toBeGreaterThan(60);
  });

  it('never cuts a word longer than the width', () => {
    expect(wrapWords('a https://api.qobra.co/v1/imports b', 10)).toEqual([
      'a',
      'https://api.qobra.co/v1/imports',
      'b',
    ]);
  });
});

describe("each command's --help", () => {
  it.each(['status', 'watch', 'errors', 'list', 'sandbox'])(
    '%s: examples, global flags, and a pointer to help exit-codes instead of the table',
    async (command) => {
      const run = deps();
      expect(await main([command, '--help'], run)).toBe(0);
      const help = run.stdout.text;
      expect(help).toMatch(new RegExp(`\\nExamples:\\n {2}\\$ qobra-imports ${command}\\b`));
      expect(help).toContain('Global Options:');
      expect(help).toMatch(/--base-url <url>/);
      expect(help).toContain('qobra-imports help exit-codes');
      expect(help).not.toMatch(/^ {2}74 +the output could not be written/m);
      expect(run.stderr.text).toBe('');
    },
  );

  it('shows defaults', async () => {
    const run = deps();
    await main(['watch', '--help'], run);
    expect(run.stdout.text).toMatch(/--interval <seconds>[\s\S]*\(default: 2\)/);
  });
});

describe('usage errors', () => {
  it.each([
    [['status', '--nope'], "qobra-imports: error: unknown option '--nope'"],
    [['bogus'], "qobra-imports: error: unknown command 'bogus'"],
    [['status'], "qobra-imports: error: missing required argument 'import-id'"],
  ])('%j carries the same prefix as every other message', async (argv, line) => {
    const run = deps();
    expect(await main(argv, run)).toBe(2);
    expect(run.stderr.text.split('\n')[0]).toBe(line);
  });
});

describe('counts', () => {
  it('are grouped the same way in every plural', () => {
    expect(plural(12345, 'rejected row')).toBe('12,345 rejected rows');
    expect(plural(1, 'row')).toBe('1 row');
  });
});

describe('the id argument', () => {
  it.each(['status', 'watch', 'errors'])(
    '%s --help says @last and - (stdin) may stand for ids',
    async (command) => {
      const run = deps();
      await main([command, '--help'], run);
      expect(run.stdout.text).toMatch(/import-id .*@last.*- .*stdin/s);
    },
  );
});
