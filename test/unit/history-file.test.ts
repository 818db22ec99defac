// The history file: entries, @last references, damaged and unreadable files, compaction and modes.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryOf, type HistoryEntry, latestPerId, parseEntry } from '../../src/history/entry.js';
import { appendHistory, compact, MAX_IDS, readHistory } from '../../src/history/file.js';
import { historyOffByEnv, historyPath } from '../../src/history/location.js';
import { resolveHistoryRefs } from '../../src/history/refs.js';
import { documentedExample } from '../helpers/documented-example.js';

const entry = (id: string, at: string, overrides: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id,
  at,
  status: 'finished',
  outcome: 'succeeded',
  tables: 1,
  rejected: 0,
  ...overrides,
});
const tempFile = (): string =>
  join(mkdtempSync(join(tmpdir(), 'qi-history-')), 'state', 'qobra-imports', 'history.jsonl');

describe('history location', () => {
  it('is $XDG_STATE_HOME/qobra-imports/history.jsonl, else ~/.local/state/…, else none', () => {
    expect(historyPath({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/qobra-imports/history.jsonl');
    expect(historyPath({ HOME: '/h' })).toBe('/h/.local/state/qobra-imports/history.jsonl');
    expect(historyPath({})).toBeUndefined();
  });

  it('is off with QOBRA_IMPORTS_NO_HISTORY=1 (or true, yes), on otherwise', () => {
    expect(['1', 'true', 'YES'].map((v) => historyOffByEnv({ QOBRA_IMPORTS_NO_HISTORY: v }))).toEqual([
      true,
      true,
      true,
    ]);
    expect(historyOffByEnv({ QOBRA_IMPORTS_NO_HISTORY: '0' })).toBe(false);
    expect(historyOffByEnv({})).toBe(false);
  });
});

describe('history entries', () => {
  it('keep the id, when, the status, the outcome and counts: nothing of the rows', () => {
    const { document } = documentedExample();
    const made = entryOf(
      document.data_import,
      '647a13fe875af4b4eb7133c2',
      Date.parse('2026-12-02T04:00:00Z'),
    );
    expect(made).toStrictEqual({
      id: '647a13fe875af4b4eb7133c2',
      at: '2026-12-02T04:00:00.000Z',
      status: 'finished',
      outcome: 'failed',
      tables: 2,
      rejected: 1,
    });
    expect(parseEntry(JSON.stringify(made))).toStrictEqual(made);
  });

  it.each([
    ['not JSON', '{"id":"a","at"'],
    ['not an object', '42'],
    [
      'no id',
      '{"at":"2026-01-01T00:00:00Z","status":"finished","outcome":"succeeded","tables":1,"rejected":0}',
    ],
    [
      'a bad date',
      '{"id":"a","at":"soon","status":"finished","outcome":"succeeded","tables":1,"rejected":0}',
    ],
    [
      'an unknown outcome',
      '{"id":"a","at":"2026-01-01T00:00:00Z","status":"x","outcome":"odd","tables":1,"rejected":0}',
    ],
    [
      'a negative count',
      '{"id":"a","at":"2026-01-01T00:00:00Z","status":"x","outcome":"running","tables":-1,"rejected":0}',
    ],
  ])('refuse a damaged line: %s', (_why, line) => {
    expect(parseEntry(line)).toBeUndefined();
  });

  it('list each id once, its latest entry, newest first', () => {
    const entries = [
      entry('a', '2026-01-01T00:00:00Z'),
      entry('b', '2026-01-02T00:00:00Z'),
      entry('a', '2026-01-03T00:00:00Z', { outcome: 'failed' }),
    ];
    expect(latestPerId(entries)).toStrictEqual([entries[2], entries[1]]);
    expect(latestPerId(entries, 1)).toStrictEqual([entries[2]]);
  });
});

describe('@last references', () => {
  const history = [entry('newest', '2026-01-03T00:00:00Z'), entry('older', '2026-01-02T00:00:00Z')];

  it('stand for ids from the history, newest first; other ids pass through', () => {
    expect(resolveHistoryRefs(['@last', 'abc', '@last~1', '@last~0'], () => history)).toEqual([
      'newest',
      'abc',
      'older',
      'newest',
    ]);
  });

  it('read the history only when one is there', () => {
    expect(
      resolveHistoryRefs(['abc'], () => {
        throw new Error('read');
      }),
    ).toEqual(['abc']);
  });

  it.each([
    ['@last~2', /@last~2: the history holds 2 imports \(@last to @last~1\)/],
    ['@last~x', /"@last~x" is not a history reference/],
    ['@lastly', /"@lastly" is not a history reference/],
  ])('%s is a usage error (2)', (arg, message) => {
    expect(() => resolveHistoryRefs([arg], () => history)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(message) }),
    );
  });

  it('in an empty history, even @last is a usage error', () => {
    expect(() => resolveHistoryRefs(['@last'], () => [])).toThrow(/@last: the history is empty/);
  });
});

describe('the history file', () => {
  it('is created 0600 in a 0700 folder, one line per entry', () => {
    const path = tempFile();
    appendHistory(path, [entry('a', '2026-01-01T00:00:00Z'), entry('b', '2026-01-02T00:00:00Z')]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(2);
    expect(readHistory(path)).toStrictEqual({
      entries: [entry('b', '2026-01-02T00:00:00Z'), entry('a', '2026-01-01T00:00:00Z')],
      problems: [],
    });
  });

  it('missing reads as empty, without a word', () => {
    expect(readHistory(tempFile())).toStrictEqual({ entries: [], problems: [] });
  });

  it('skips damaged lines (torn, edited, binary) with one warning, keeping the good ones', () => {
    const path = tempFile();
    appendHistory(path, [entry('a', '2026-01-01T00:00:00Z')]);
    appendFileSync(path, '{"id":"torn","at":"2026\n\u0000\u0001garbage\nnot json at all\n');
    appendHistory(path, [entry('b', '2026-01-02T00:00:00Z')]);
    const read = readHistory(path);
    expect(read.entries.map((e) => e.id)).toEqual(['b', 'a']);
    expect(read.problems).toEqual([`skipped 3 damaged lines in the history ${path}`]);
  });

  it('an unreadable file (a folder in its place) is skipped with a warning, never a failure', () => {
    const path = tempFile();
    mkdirSync(path, { recursive: true });
    const read = readHistory(path);
    expect(read.entries).toEqual([]);
    expect(read.problems[0]).toMatch(/cannot read the history .*EISDIR.*skipped/);
  });

  it('compaction keeps each id once and only the newest ids, atomically, still 0600', () => {
    const path = tempFile();
    const many = Array.from({ length: MAX_IDS + 50 }, (_, i) =>
      entry(`id${i}`, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString()),
    );
    appendHistory(path, many, Number.POSITIVE_INFINITY);
    appendHistory(path, [entry('id5', '2027-01-01T00:00:00.000Z', { outcome: 'failed' })], 0);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(MAX_IDS);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const read = readHistory(path);
    expect(read.entries[0]).toStrictEqual(entry('id5', '2027-01-01T00:00:00.000Z', { outcome: 'failed' }));
    expect(read.entries.at(-1)?.id).toBe('id51');
    expect(read.problems).toEqual([]);
  });

  it('compaction leaves the file alone while another run holds the lock', () => {
    const path = tempFile();
    appendHistory(path, [entry('a', '2026-01-01T00:00:00Z'), entry('a', '2026-01-02T00:00:00Z')]);
    writeFileSync(`${path}.lock`, '');
    compact(path);
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('list rendering', () => {
  it('escapes a status the server sent with control characters before it reaches a screen', async () => {
    const { renderListPlain } = await import('../../src/render/history-list.js');
    const text = renderListPlain([
      entry('a', '2026-01-01T00:00:00Z', { status: 'x\u001b[2J', outcome: 'running' }),
    ]);
    expect(text).toBe(
      'a x\\u001b[2J (unknown status), 1 data table, 0 rejected rows, looked at 2026-01-01 00:00:00 UTC\n',
    );
  });
});
