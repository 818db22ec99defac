// What each kind of terminal gets: TERM=dumb no cursor movement, NO_COLOR a spinner without colour,
// --quiet a spinner but no live view, and a pipe colour only when asked for. The built binary,
// on a real pseudo terminal where it matters, against the in-process sandbox.
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS as IDS } from '../../src/sandbox/plans.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { runCli } from './harness.js';
import { runInPty, screenLines } from './pty.js';

const SPINNER_FRAME = /[\u2800-\u28ff]/;
const COLOUR = /\u001b\[[0-9;]*m/;
const CHANGE_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z import [0-9a-f]{24}/;

async function withSandbox<T>(
  timeScale: number,
  body: (env: Record<string, string>) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandbox({ port: 0, timeScale });
  try {
    return await body({ QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'any-key-works' });
  } finally {
    await sandbox.close();
  }
}

describe('terminal capabilities', () => {
  it.each([60, 100])(
    'TERM=dumb at %i columns: watch prints a line per change, never moves the cursor',
    (columns) =>
      withSandbox(10, async (env) => {
        const run = await runInPty(['watch', IDS.clean, '--interval', '0.2', '--timeout', '20s'], {
          env: { ...env, TERM: 'dumb' },
          columns,
        });
        expect(run.code).toBe(0);
        expect(run.output).not.toContain('\u001b');
        const lines = screenLines(run.output);
        expect(lines.filter((line) => CHANGE_LINE.test(line)).length).toBeGreaterThan(1);
        expect(run.output).toContain('finished');
      }),
  );

  it('NO_COLOR: the spinner still spins on a terminal, without colour', () =>
    withSandbox(1, async (env) => {
      const run = await runInPty(['status', IDS.slow], { env: { ...env, NO_COLOR: '1' }, columns: 100 });
      expect(run.code).toBe(0);
      expect(run.output).toMatch(SPINNER_FRAME);
      expect(run.output).not.toMatch(COLOUR);
    }));

  it.each([60, 100])(
    'watch --quiet at %i columns: a spinner on the terminal, then only the summary',
    (columns) =>
      withSandbox(10, async (env) => {
        const run = await runInPty(['watch', IDS.clean, '--quiet', '--interval', '0.2', '--timeout', '20s'], {
          env,
          columns,
        });
        expect(run.code).toBe(0);
        expect(run.output).toMatch(SPINNER_FRAME);
        expect(run.output).toContain('watching 1 import');
        expect(screenLines(run.output).filter((line) => CHANGE_LINE.test(line))).toEqual([]);
        expect(run.output).not.toContain('Watching 1 import for');
      }),
  );

  it.each([
    [['--color'], {}],
    [[], { FORCE_COLOR: '1' }],
  ])('piped, %j %j gives colour; nothing else does', (flags, extra) =>
    withSandbox(1, async (env) => {
      const coloured = await runCli(['status', IDS.documented, ...flags], { env: { ...env, ...extra } });
      expect(coloured.code).toBe(1);
      expect(coloured.stdout).toMatch(COLOUR);
      const plain = await runCli(['status', IDS.documented], { env });
      expect(plain.stdout).not.toMatch(COLOUR);
      expect(coloured.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
    }),
  );
});
