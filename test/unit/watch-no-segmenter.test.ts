// A watch on a terminal builds no ICU objects on its hot path: neither the live frames nor the
// spinner's frames construct an Intl.Segmenter (widths come from the project's own width function).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHumanRenderer } from '../../src/output/human-renderer.js';
import { SPINNER_FRAME_MS, SPINNER_FRAMES, startSpinner } from '../../src/output/spinner.js';
import { createTalk } from '../../src/output/talk.js';
import { createLiveView } from '../../src/output/watch-view-live.js';
import { applyPollEvent, createWatchState } from '../../src/watch/state.js';
import { captureOutput } from '../helpers/fake-deps.js';
import { fetched, ID, OTHER_ID } from '../helpers/watch-fixtures.js';

const RealSegmenter = Intl.Segmenter;
let constructed = 0;

function countSegmenters(): void {
  constructed = 0;
  class CountingSegmenter extends RealSegmenter {
    constructor(...args: ConstructorParameters<typeof Intl.Segmenter>) {
      super(...args);
      constructed++;
    }
  }
  Reflect.set(Intl, 'Segmenter', CountingSegmenter);
}

afterEach(() => {
  Reflect.set(Intl, 'Segmenter', RealSegmenter);
  vi.useRealTimers();
});

describe('no Intl.Segmenter during a watch', () => {
  it('the stub counts: constructing one is seen', () => {
    countSegmenters();
    new Intl.Segmenter('en', { granularity: 'grapheme' });
    expect(constructed).toBe(1);
  });

  it('rendering live frames (emoji and wide ids included) constructs none', async () => {
    countSegmenters();
    let clock = Date.parse('2024-06-25T10:20:00Z');
    const stdout = captureOutput({ isTTY: true, columns: 80 });
    const stderr = captureOutput({ isTTY: true, columns: 80 });
    const deps = { stdout, stderr, now: () => clock, talk: createTalk(stderr, { spinner: false }) };
    const human = await createHumanRenderer({ color: true }, { stdout, env: { FORCE_COLOR: '1' } });
    const state = createWatchState([ID, OTHER_ID], clock);
    const view = createLiveView(state, deps, human);
    for (let progress = 5; progress <= 95; progress += 10) {
      for (const id of [ID, OTHER_ID]) {
        const event = {
          type: 'snapshot' as const,
          id,
          at: clock,
          fetched: fetched({ id, progress, tables: [{ key: 'entreprises_🏢_会社', progress }] }),
          changed: true,
          finished: false,
        };
        await view.update(event, applyPollEvent(state, event));
      }
      clock += 1_000;
    }
    await view.close();
    expect(stdout.text).toContain('会社');
    expect(constructed).toBe(0);
  });

  it('spinning (frames on a timer, clear, render, stop) constructs none, and draws every frame', () => {
    countSegmenters();
    vi.useFakeTimers();
    const writes: string[] = [];
    const spinner = startSpinner(
      { columns: 40, write: (text: string) => writes.push(text) },
      'watching 20 imports 🏢 会社',
      { color: true },
    );
    vi.advanceTimersByTime(SPINNER_FRAME_MS * SPINNER_FRAMES.length * 3);
    spinner.clear();
    spinner.render();
    spinner.stop();
    expect(constructed).toBe(0);
    const all = writes.join('');
    for (const frame of SPINNER_FRAMES) expect(all).toContain(frame);
    expect(all.startsWith('\u001b[?25l')).toBe(true);
    expect(all.endsWith('\r\u001b[K\u001b[?25h')).toBe(true);
  });
});
