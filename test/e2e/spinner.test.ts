// The spinner on a real terminal: shown while a slow look-up waits (cursor hidden, frames on one
// line), then cleared before the answer is printed, with the cursor shown again. The built binary
// on a pseudo terminal against the in-process sandbox.
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS as IDS } from '../../src/sandbox/plans.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { runInPty, screenLines } from './pty.js';

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
/** A frame: back to the line's start, a braille glyph (coloured or not), the text. */
const FRAME = /\r(?:\u001b\[36m)?[\u2800-\u28ff](?:\u001b\[39m)? Fetching import 64b0c1ea0000000000000008…/g;

describe('spinner on a terminal', () => {
  it('shows its frames while status waits, then clears its line and shows the cursor', async () => {
    const sandbox = await startSandbox({ port: 0, timeScale: 1 });
    try {
      const run = await runInPty(['status', IDS.slow], {
        env: { QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'any-key-works' },
        columns: 100,
      });
      expect(run.code).toBe(0);
      const frames = [...run.output.matchAll(FRAME)];
      // ~3 s of waiting at 80 ms a frame: many frames, all on the same line (each starts with \r).
      expect(frames.length).toBeGreaterThan(10);
      const lastFrame = frames.at(-1)?.index ?? -1;
      const cleared = run.output.indexOf(`\r\u001b[K${SHOW_CURSOR}`, lastFrame);
      expect(run.output.indexOf(HIDE_CURSOR)).toBeLessThan(frames[0]?.index ?? -1);
      expect(cleared).toBeGreaterThan(lastFrame);
      expect(run.output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(run.output.lastIndexOf(HIDE_CURSOR));
      // The answer comes after the spinner is gone, and no frame is left on the screen's lines.
      expect(run.output.indexOf('finished', cleared)).toBeGreaterThan(cleared);
      const after = screenLines(run.output.slice(cleared));
      expect(after.some((line) => /[\u2800-\u28ff]/.test(line))).toBe(false);
    } finally {
      await sandbox.close();
    }
  }, 30_000);
});
