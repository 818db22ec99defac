// The spool keeps lines in memory up to a budget, then in a temporary file nobody else can see or
// has to clean up; any range can be read back, as often as wanted, whichever side of the move it is.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool, type SpoolMark } from '../../src/util/spool.js';

let folder: string;
let savedTmpdir: string | undefined;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'spool-test-'));
  savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = folder;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  rmSync(folder, { recursive: true, force: true });
});

const lineAt = (i: number): string => `{"n":${i},"text":"é😀 ${'x'.repeat(i % 37)}"}`;

function filled(
  count: number,
  memoryChars: number,
  marksEvery: number,
): { spool: Spool; marks: SpoolMark[] } {
  const spool = new Spool(memoryChars);
  const marks: SpoolMark[] = [];
  for (let i = 0; i < count; i++) {
    if (i % marksEvery === 0) marks.push(spool.mark());
    spool.append(lineAt(i));
  }
  return { spool, marks };
}

describe('Spool', () => {
  it('small: stays in memory and reads any marked range back', () => {
    const { spool, marks } = filled(100, 1_000_000, 10);
    expect(spool.onFile).toBe(false);
    expect([...spool.read(marks[3] as SpoolMark, 10)]).toEqual(
      Array.from({ length: 10 }, (_, i) => lineAt(30 + i)),
    );
  });

  it('past its budget: moves to a file, and ranges on both sides of the move read back exactly', () => {
    // ~1,600 lines fit in 60,000 code units: marks before and after the move, lines across 1 MiB blocks.
    const { spool, marks } = filled(60_000, 60_000, 1_000);
    expect(spool.onFile).toBe(true);
    for (const [index, mark] of marks.entries()) {
      const lines = [...spool.read(mark, 1_000)];
      expect(lines[0]).toBe(lineAt(index * 1_000));
      expect(lines.at(-1)).toBe(lineAt(index * 1_000 + 999));
      expect(lines).toHaveLength(1_000);
    }
    // Twice, and the whole lot in one go.
    const all = [...spool.read(marks[0] as SpoolMark, 60_000)];
    expect(all).toEqual(Array.from({ length: 60_000 }, (_, i) => lineAt(i)));
    expect([...spool.read(marks[59] as SpoolMark, 1_000)]).toHaveLength(1_000);
    spool.close();
  });

  it('leaves nothing behind in the temporary folder, even while open', () => {
    const { spool } = filled(5_000, 1_000, 1_000);
    expect(spool.onFile).toBe(true);
    expect(readdirSync(folder)).toEqual([]);
    spool.close();
  });

  it('a temporary folder that refuses files: the lines stay in memory, all of them', () => {
    const notAFolder = join(folder, 'file');
    writeFileSync(notAFolder, '');
    process.env.TMPDIR = notAFolder;
    const { spool, marks } = filled(5_000, 1_000, 5_000);
    expect(spool.onFile).toBe(false);
    expect([...spool.read(marks[0] as SpoolMark, 5_000)]).toEqual(
      Array.from({ length: 5_000 }, (_, i) => lineAt(i)),
    );
  });

  it('spools share one memory budget: the one that grows past it moves to a file, and closing gives back', () => {
    const budget = { used: 0, limit: 10_000 };
    const first = new Spool(8_000, budget);
    const second = new Spool(8_000, budget);
    for (let i = 0; i < 100; i++) first.append('x'.repeat(70));
    expect([first.onFile, budget.used]).toEqual([false, 7_000]);
    for (let i = 0; i < 50; i++) second.append('y'.repeat(70));
    // 7,000 + 3,500 is over 10,000 although each is under its own 8,000.
    expect(second.onFile).toBe(true);
    expect(budget.used).toBe(7_000);
    first.close();
    expect(budget.used).toBe(0);
    const third = new Spool(8_000, budget);
    for (let i = 0; i < 100; i++) third.append('z'.repeat(70));
    expect(third.onFile).toBe(false);
    second.close();
    third.close();
  });

  it('reading after close is a bug, said at once', () => {
    const { spool, marks } = filled(10, 1_000_000, 10);
    spool.close();
    expect(() => [...spool.read(marks[0] as SpoolMark, 1)]).toThrow(/closed/);
  });
});
