// The live view rewrites only the lines that changed: what reaches the terminal is checked twice,
// by what each write contains and by replaying every write on a small terminal model, whose screen
// must always read as the whole frame would.
import { describe, expect, it } from 'vitest';
import { frameUpdate } from '../../src/output/frame-update.js';
import { createHumanRenderer } from '../../src/output/human-renderer.js';
import { createTalk } from '../../src/output/talk.js';
import { createLiveView } from '../../src/output/watch-view-live.js';
import { renderWatchFrame } from '../../src/render/watch-frame.js';
import type { SnapshotEvent } from '../../src/watch/poll.js';
import { applyPollEvent, createWatchState, type ImportWatch } from '../../src/watch/state.js';
import { captureOutput } from '../helpers/fake-deps.js';
import { fetched, ID, OTHER_ID } from '../helpers/watch-fixtures.js';

/** Rows of text as a terminal would show them after `writes`: \r, \n, CSI A/B/K/J and cursor modes. */
function screen(writes: readonly string[]): string[] {
  const rows: string[] = [];
  let row = 0;
  let col = 0;
  const put = (text: string) => {
    const line = (rows[row] ?? '').padEnd(col, ' ');
    rows[row] = line.slice(0, col) + text + line.slice(col + text.length);
    col += text.length;
  };
  const all = writes.join('');
  const token = /\u001b\[(\?25[lh]|(\d*)([ABKJ]))|\r|\n|[^\u001b\r\n]+/gy;
  for (let match = token.exec(all); match; match = token.exec(all)) {
    const [text, , count, command] = match;
    if (text === '\r') col = 0;
    // The terminal driver turns "\n" into "\r\n" (onlcr), as on every terminal Node writes to.
    else if (text === '\n') {
      row++;
      col = 0;
    } else if (command === 'A') row -= Number(count || 1);
    else if (command === 'B') row += Number(count || 1);
    else if (command === 'K') rows[row] = (rows[row] ?? '').slice(0, col);
    else if (command === 'J') {
      rows.splice(row + 1);
      rows[row] = (rows[row] ?? '').slice(0, col);
    } else if (!text.startsWith('\u001b')) put(text);
    expect(row).toBeGreaterThanOrEqual(0);
  }
  while (rows.length > 0 && rows.at(-1) === '') rows.pop();
  return rows.map((line) => line ?? '');
}

const ERASE_LINE_END = /\u001b\[K/g;

describe('frameUpdate', () => {
  it('same height: rewrites only the changed lines and brings the cursor back below the frame', () => {
    const before = ['head', 'a 10%', 'b 20%', 'c 30%'];
    const after = ['head', 'a 10%', 'b 25%', 'c 30%'];
    const text = frameUpdate(before, after);
    expect(text.match(ERASE_LINE_END)).toHaveLength(1);
    expect(text).toContain('b 25%');
    expect(text).not.toContain('a 10%');
    expect(screen([frameUpdate([], before), text])).toEqual(after);
  });

  it('nothing changed: nothing is written', () => {
    expect(frameUpdate(['x', 'y'], ['x', 'y'])).toBe('');
  });

  it('another height, or asked to: the whole frame again, leftovers erased', () => {
    const tall = ['1', '2', '3'];
    expect(screen([frameUpdate([], tall), frameUpdate(tall, ['one'])])).toEqual(['one']);
    expect(screen([frameUpdate([], tall), frameUpdate(tall, ['1', '2', '3', '4'])])).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
    expect(frameUpdate(tall, tall, true).match(ERASE_LINE_END)).toHaveLength(3);
  });

  it('any sequence of frames leaves the screen showing the last one', () => {
    const frames = [
      ['a', 'b', 'c'],
      ['a', 'B', 'c'],
      ['A', 'B', 'C'],
      ['A', 'B'],
      ['x', 'B'],
      ['x', 'B'],
      ['1', 'B', '3'],
    ];
    const writes: string[] = [];
    let previous: string[] = [];
    for (const frame of frames) {
      writes.push(frameUpdate(previous, frame));
      previous = frame;
      expect(screen(writes)).toEqual(frame);
    }
  });
});

describe('the live watch view', () => {
  it('after the first frame, writes only the lines that changed', async () => {
    let clock = Date.parse('2024-06-25T10:20:00Z');
    const stdout = captureOutput({ isTTY: true, columns: 100 });
    const stderr = captureOutput({ isTTY: true, columns: 100 });
    const deps = { stdout, stderr, now: () => clock, talk: createTalk(stderr, { spinner: false }) };
    const human = await createHumanRenderer({ color: false }, { stdout, env: {} });
    const state = createWatchState([ID, OTHER_ID], clock);
    let last: { event: SnapshotEvent; watch: ImportWatch } | undefined;
    const answer = (id: string, progress: number) => {
      const event: SnapshotEvent = {
        type: 'snapshot',
        id,
        at: clock,
        fetched: fetched({ id, progress, tables: [{ key: 'companies', progress }] }),
        changed: true,
        finished: false,
      };
      last = { event, watch: applyPollEvent(state, event) };
    };
    answer(ID, 10);
    answer(OTHER_ID, 10);
    const update = () =>
      last ? view.update(last.event, last.watch) : Promise.reject(new Error('no answer'));
    const view = createLiveView(state, deps, human);
    const frame = () => renderWatchFrame(state, { chalk: human.chalk, columns: 100, now: clock });
    const writes: string[] = [];
    const written = () => stdout.text.slice(writes.join('').length);

    await update();
    writes.push(written());
    const first = frame();
    expect(writes[0]?.match(ERASE_LINE_END)).toHaveLength(first.length);

    // 100 ms later, nothing on screen would change: nothing is written.
    clock += 100;
    await update();
    expect(written()).toBe('');

    clock += 100;
    answer(OTHER_ID, 60);
    await update();
    writes.push(written());
    const next = frame();
    expect(next).toHaveLength(first.length);
    const changed = next.filter((line, i) => line !== first[i]).length;
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(first.length);
    expect(writes[1]?.match(ERASE_LINE_END)).toHaveLength(changed);
    expect(screen(writes)).toEqual(next);
    await view.close();
  });
});
