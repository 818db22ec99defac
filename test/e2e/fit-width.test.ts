// `status` fits the terminal it runs in: a grid from 80 columns, one block per data table below.
// The built binary on a real pseudo terminal, against the in-process sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_IDS as IDS } from '../../src/sandbox/plans.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { runInPty, screenLines, widestLine } from './pty.js';

const BOX = /[\u2500-\u257f]/;
let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  env = { QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'any-key-works' };
});
afterAll(() => sandbox.close());

describe('status fits the terminal', () => {
  it('at 60 columns: stacked blocks, no line wider than the screen', async () => {
    const run = await runInPty(['status', IDS.parseErrors, IDS.documented], { env, columns: 60 });
    expect(run.code).toBe(1);
    expect(widestLine(run.output, { talk: false })).toBeLessThanOrEqual(60);
    expect(run.output).not.toMatch(BOX);
    const lines = screenLines(run.output).map((line) => line.trimEnd());
    const key = lines.lastIndexOf('  opportunities');
    expect(key).toBeGreaterThan(0);
    expect(lines[key + 1]).toMatch(/^ {4}api · finished · .*100% · – records · 1 rejected$/);
  });

  it('at 100 columns: the grid, no line wider than the screen', async () => {
    const run = await runInPty(['status', IDS.parseErrors, IDS.documented], { env, columns: 100 });
    expect(run.code).toBe(1);
    expect(widestLine(run.output, { talk: false })).toBeLessThanOrEqual(100);
    expect(run.output).toMatch(BOX);
  });
});

describe('several imports', () => {
  it('watch gives one errors hint naming every import that rejected rows', async () => {
    const { runCli } = await import('./harness.js');
    const run = await runCli(['watch', IDS.parseErrors, IDS.documented, '--timeout', '20s'], {
      env: { ...env },
      timeoutMs: 15_000,
    });
    const hints = run.stderr
      .split('\n')
      .filter((line) => line.includes('were rejected') || line.includes('was rejected'));
    expect(hints).toEqual([
      `qobra-imports: 383 rows of 2 imports were rejected: run \`qobra-imports errors ${IDS.parseErrors} ${IDS.documented}\` to see them`,
    ]);
  });
});

describe('hints on a terminal', () => {
  it.each([60, 100])('wrap at %i columns between words, the command in one piece', async (columns) => {
    const run = await runInPty(['status', IDS.parseErrors], { env, columns });
    const lines = screenLines(run.output);
    const command = `\`qobra-imports errors ${IDS.parseErrors}\``;
    const start = lines.findIndex((line) => line.startsWith('qobra-imports: 382 rows of import '));
    const at = lines.findIndex((line) => line.includes(command));
    expect(start).toBeGreaterThan(0);
    expect(at).toBeGreaterThan(start);
    expect(at - start).toBeLessThan(4);
    for (const line of lines.slice(start, at + 1)) expect(line.trimEnd().length).toBeLessThan(columns);
  });
});
