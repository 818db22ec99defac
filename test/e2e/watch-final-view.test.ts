// A multi-import watch on a terminal ends by erasing its live frame and drawing the final view in
// its place: the frame is not left above a second full copy. The built binary on a real pseudo
// terminal, against the in-process sandbox; the cursor arithmetic is checked on the bytes sent.
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS as IDS } from '../../src/sandbox/plans.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { runInPty, screenLines } from './pty.js';

describe('watch on a terminal, several imports', () => {
  it.each([60, 100])('at %i columns the final view replaces the live frame', async (columns) => {
    const sandbox = await startSandbox({ port: 0, timeScale: 10 });
    try {
      const run = await runInPty(
        ['watch', IDS.clean, IDS.failingProgress, '--interval', '0.2', '--timeout', '20s'],
        { env: { QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'any-key-works' }, columns, rows: 60 },
      );
      expect(run.code).toBe(1);
      const moves = [...run.output.matchAll(/\r\u001b\[(\d+)A/g)];
      const erase = moves.at(-1);
      const frame = moves.at(-2);
      expect(erase && frame).toBeTruthy();
      if (!erase || !frame) return;
      // The last move goes back over exactly the last frame drawn, then erases everything below.
      expect(run.output.slice(erase.index, erase.index + erase[0].length + 3)).toBe(`${erase[0]}\u001b[J`);
      const frameLines = run.output.slice(frame.index, erase.index).match(/\n/g)?.length ?? 0;
      expect(Number(erase[1])).toBe(frameLines);
      // What follows is the final view alone: each import once, no live frame, one combined hint.
      const after = screenLines(run.output.slice(erase.index)).join('\n');
      expect(after).not.toContain('Watching 2 imports');
      expect(after.split(IDS.clean).length - 1).toBe(1);
      expect(after).toMatch(/rows of import|rows of 2 imports/);
    } finally {
      await sandbox.close();
    }
  });
});
