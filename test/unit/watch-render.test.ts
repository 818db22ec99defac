import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { QiError } from '../../src/errors.js';
import { formatFlagDuration } from '../../src/format/time.js';
import { STALL_AFTER_MS } from '../../src/model/watch-progress.js';
import { renderUnknownStatusWarning } from '../../src/render/error-message.js';
import { displayWidth, fitLine } from '../../src/render/text-width.js';
import { renderWatchFrame } from '../../src/render/watch-frame.js';
import { renderChangeLines, renderHeartbeat, renderRetryLine } from '../../src/render/watch-lines.js';
import {
  renderInterruptedText,
  renderResumeCommand,
  renderTimeoutText,
  renderWatchClosing,
  shellQuote,
} from '../../src/render/watch-summary.js';
import type { SnapshotEvent } from '../../src/watch/poll.js';
import {
  applyPollEvent,
  createWatchState,
  type ImportWatch,
  type WatchState,
} from '../../src/watch/state.js';
import {
  fetched,
  finished,
  ID,
  type ImportSpec,
  notFound,
  OTHER_ID,
  unavailable,
} from '../helpers/watch-fixtures.js';

const T0 = Date.parse('2024-06-25T10:20:00Z');
const chalk = new Chalk({ level: 0 });

const snap = (at: number, spec: ImportSpec, extra: Partial<SnapshotEvent> = {}): SnapshotEvent => {
  const answer = spec.status === 'finished' ? finished(spec) : fetched(spec);
  return {
    type: 'snapshot',
    id: spec.id ?? ID,
    at,
    fetched: answer,
    changed: true,
    finished: spec.status === 'finished',
    nextPollInMs: 2000,
    ...extra,
  };
};

/** One import seen twice, 10 s apart, moving; a second import not answered yet. */
function movingState(): WatchState {
  const state = createWatchState([ID, OTHER_ID], T0);
  applyPollEvent(
    state,
    snap(T0, {
      progress: 20,
      tables: [
        { key: 'companies', progress: 40, records: 100 },
        { key: 'opportunities', status: 'scheduled', progress: 0, records: null },
      ],
    }),
  );
  applyPollEvent(
    state,
    snap(T0 + 10_000, {
      progress: 30,
      tables: [
        { key: 'companies', progress: 60, records: 200 },
        { key: 'opportunities', progress: 10, records: 50, rejected: 2 },
      ],
    }),
  );
  return state;
}

describe("renderWatchFrame with the live view's block cache", () => {
  it('draws the same frame as without it, and redraws a block only for news or a new second', () => {
    const state = movingState();
    const blocks = new Map();
    const at = (now: number, rows?: number) => ({
      chalk,
      columns: 200,
      now,
      blocks,
      ...(rows ? { rows } : {}),
    });
    const plain = (now: number, rows?: number) =>
      renderWatchFrame(state, { chalk, columns: 200, now, ...(rows ? { rows } : {}) });
    expect(renderWatchFrame(state, at(T0 + 11_000))).toEqual(plain(T0 + 11_000));
    // Later in the same second: the kept blocks, even though the ETA would have moved by 0.9 s.
    expect(renderWatchFrame(state, at(T0 + 11_900))).toEqual(
      plain(T0 + 11_000).map((line, i) => (i === 0 ? plain(T0 + 11_900)[0] : line)),
    );
    // The next second, and after news: drawn afresh.
    expect(renderWatchFrame(state, at(T0 + 14_000))).toEqual(plain(T0 + 14_000));
    applyPollEvent(state, snap(T0 + 14_500, { progress: 35 }));
    expect(renderWatchFrame(state, at(T0 + 14_600))).toEqual(plain(T0 + 14_600));
  });

  it('a block below the screen is kept across seconds; one on screen is not', () => {
    const state = movingState();
    const blocks = new Map<ImportWatch, { key: string; lines: string[] }>();
    renderWatchFrame(state, { chalk, columns: 200, rows: 4, now: T0 + 11_000, blocks });
    const [first, second] = state.imports.map((watch) => blocks.get(watch)?.lines);
    renderWatchFrame(state, { chalk, columns: 200, rows: 4, now: T0 + 15_000, blocks });
    expect(blocks.get(state.imports[1] as ImportWatch)?.lines).toBe(second);
    expect(blocks.get(state.imports[0] as ImportWatch)?.lines).not.toBe(first);
  });
});

describe('renderWatchFrame', () => {
  it('shows per import and per table: status, bar, records, errors, elapsed, rate and ETA', () => {
    const lines = renderWatchFrame(movingState(), { chalk, columns: 200, now: T0 + 11_000 });
    expect(lines).toEqual([
      'Watching 2 imports for 11s · Ctrl-C stops watching, imports keep running',
      '◷ 647a13fe875af4b4eb7133c2  started  ██████░░░░░░░░░░░░░░  30%  running 16m 44s · 1.0%/s · ETA ~1m 30s',
      '    companies      started  ███████▎░░░░  60%  200 records  10 rec/s · ETA ~20s',
      "    opportunities  started  █▎░░░░░░░░░░  10%  50 records  1.0%/s · ETA ~1m 30s  ✖ ParsingError: Can't parse 'AAAAA' as float for user attribute amount (2 rejected rows)",
      '  checked 1s ago · next check in 1s',
      '◷ 647a13fe875af4b4eb7133c3  checking…',
    ]);
  });

  it.each([60, 72])(
    'at %i columns shrinks the bars before it cuts a percentage, a count or an ETA',
    (columns) => {
      const lines = renderWatchFrame(movingState(), { chalk, columns, now: T0 + 11_000 });
      for (const line of lines) expect(displayWidth(line)).toBeLessThan(columns);
      expect(lines[1]).toMatch(/ 30% {2}(.* · )?ETA ~1m 30s$/);
      expect(lines[2]).toMatch(/ 60% {2}200 records {2}(.* · )?ETA ~20s$/);
    },
  );

  it('never writes a line as wide as the terminal, and cuts a frame taller than it', () => {
    const lines = renderWatchFrame(movingState(), { chalk, columns: 40, rows: 5, now: T0 + 11_000 });
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(39);
    expect(lines.at(-1)).toMatch(/^… 3 more lines/);
  });

  it('warns when progress has not moved, and drops the rate and ETA then', () => {
    const state = movingState();
    // Looks that find nothing new do not restart the stall clock.
    applyPollEvent(state, snap(T0 + 100_000, { progress: 30, tables: [] }, { changed: false }));
    const lines = renderWatchFrame(state, {
      chalk,
      columns: 140,
      now: T0 + 10_000 + STALL_AFTER_MS + 5_000,
    }).join('\n');
    expect(lines).toContain('⚠ progress has not moved for 2m 05s');
    expect(lines).not.toContain('ETA');
  });

  it('drops the rate and ETA of a table that stopped moving, and the import ETA with it', () => {
    const state = movingState();
    const later = T0 + 10_000 + STALL_AFTER_MS + 5_000;
    applyPollEvent(
      state,
      snap(later, {
        progress: 50,
        tables: [
          { key: 'companies', progress: 90, records: 400 },
          { key: 'opportunities', progress: 10, records: 50, rejected: 2 },
        ],
      }),
    );
    const lines = renderWatchFrame(state, { chalk, columns: 200, now: later + 1000 });
    expect(lines.find((line) => line.includes('companies'))).toContain('rec/s');
    const stuck = lines.find((line) => line.includes('opportunities'))!;
    expect(stuck).not.toMatch(/\/s|\/min|ETA/);
    expect(lines[1]).not.toContain('ETA');
    expect(lines.join('\n')).not.toContain('progress has not moved');
  });

  it('shows a run of failures with its countdown, and a failed import with its error', () => {
    const state = movingState();
    applyPollEvent(state, {
      type: 'retry',
      id: ID,
      at: T0 + 12_000,
      error: unavailable(429, 5000),
      attempt: 2,
      delayMs: 5000,
      retryAfter: true,
      failingForMs: 4000,
      giveUpAfterMs: 300_000,
    });
    applyPollEvent(state, { type: 'failed', id: OTHER_ID, at: T0 + 12_000, error: notFound(OTHER_ID) });
    const text = renderWatchFrame(state, { chalk, columns: 140, now: T0 + 12_500 }).join('\n');
    expect(text).toContain("⚠ HTTP 429: retrying in 5s, as the server's Retry-After asks, failing for 4s");
    expect(text).toContain(`✖ import ${OTHER_ID} not found`);
    expect(text).toContain('1 of 2 done');
  });

  it('escapes control characters sent by the server', () => {
    const state = createWatchState([ID], T0);
    applyPollEvent(state, snap(T0, { tables: [{ key: 'evil\u001b[2Jkey', status: 'paus\u202eed' }] }));
    const text = renderWatchFrame(state, { chalk, columns: 200, now: T0 }).join('\n');
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain('evil\\u001b[2Jkey');
    expect(text).toContain('paus\\u202eed (unknown status)');
  });

  it('colours the outcome when colour is on', () => {
    const state = createWatchState([ID], T0);
    applyPollEvent(state, snap(T0, { status: 'finished', tables: [{ key: 'companies', rejected: 1 }] }));
    const text = renderWatchFrame(state, { chalk: new Chalk({ level: 1 }), columns: 200, now: T0 }).join(
      '\n',
    );
    expect(text).toContain('\u001b[31m✖\u001b[39m');
  });
});

describe('fitLine', () => {
  it('cuts by display width, keeps colour codes out of the count, and resets colour after a cut', () => {
    expect(fitLine('\u001b[31mabcdef\u001b[39m', 4)).toBe('\u001b[31mabc…\u001b[0m');
    expect(fitLine('short', 10)).toBe('short');
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth(fitLine('日本語です', 5))).toBeLessThanOrEqual(5);
  });
});

describe('renderChangeLines (piped)', () => {
  const first = fetched({
    status: 'scheduled',
    progress: 0,
    tables: [{ key: 'companies', status: 'scheduled', progress: 0, records: null }],
  }).document.data_import;
  const started = (progress: number, tableStatus = 'started') =>
    fetched({ progress, tables: [{ key: 'companies', status: tableStatus, progress, records: 10 }] }).document
      .data_import;

  it('prints the import and each table at the first look, with a timestamp', () => {
    expect(renderChangeLines(ID, undefined, first, T0)).toEqual([
      `2024-06-25T10:20:00Z import ${ID}: scheduled, 0% (0 of 1 data table finished)`,
      `2024-06-25T10:20:00Z import ${ID} table companies: scheduled, 0%, records -`,
    ]);
  });

  it('prints a status change', () => {
    expect(renderChangeLines(ID, first, started(4), T0 + 2000)).toEqual([
      `2024-06-25T10:20:02Z import ${ID}: started, 4% (0 of 1 data table finished)`,
      `2024-06-25T10:20:02Z import ${ID} table companies: started, 4%, records 10`,
    ]);
  });

  it('prints progress only when it crosses a 10% step', () => {
    expect(renderChangeLines(ID, started(4), started(9), T0)).toEqual([]);
    expect(renderChangeLines(ID, started(9), started(10), T0)).toEqual([
      `2024-06-25T10:20:00Z import ${ID}: started, 10% (0 of 1 data table finished)`,
    ]);
    expect(renderChangeLines(ID, started(10), started(35), T0)).toHaveLength(1);
  });

  it('prints a table that reports an error, and the import finishing with errors', () => {
    const done = finished({ tables: [{ key: 'companies', progress: 100, records: 9, rejected: 1 }] }).document
      .data_import;
    expect(renderChangeLines(ID, started(90), done, T0)).toEqual([
      `2024-06-25T10:20:00Z import ${ID}: finished with errors, 100%`,
      `2024-06-25T10:20:00Z import ${ID} table companies: finished, 100%, records 9, error ParsingError: Can't parse 'AAAAA' as float for user attribute amount (1 rejected row)`,
    ]);
  });
});

describe('stderr talk lines', () => {
  it('heartbeat: where each running import stands and for how long nothing changed', () => {
    const state = createWatchState([ID], T0);
    applyPollEvent(state, snap(T0, { progress: 42 }, { nextPollInMs: 30_000 }));
    expect(renderHeartbeat(state, T0 + 65_000)).toBe(
      `qobra-imports: 2024-06-25T10:21:05Z still watching import ${ID} (started, 42%, no change for 1m 05s)`,
    );
  });

  it('retry line: reason, wait, Retry-After and how long it has been failing', () => {
    const line = renderRetryLine({
      type: 'retry',
      id: ID,
      at: T0,
      error: unavailable(429, 10_000),
      attempt: 3,
      delayMs: 10_000,
      retryAfter: true,
      failingForMs: 40_000,
      giveUpAfterMs: 300_000,
    });
    expect(line).toBe(
      `qobra-imports: 2024-06-25T10:20:00Z import ${ID}: HTTP 429; retrying in 10s, as the server's Retry-After asks (failing for 40s, giving up after 5m 00s)`,
    );
  });

  it('retry line before the API ever answered: the attempts left, not the five-minute patience', () => {
    const line = renderRetryLine({
      type: 'retry',
      id: ID,
      at: T0,
      error: new QiError('unavailable', 'connection refused', {
        transient: true,
        reason: 'connection refused',
      }),
      attempt: 1,
      delayMs: 1_000,
      retryAfter: false,
      failingForMs: 1_000,
      giveUpAfterMs: 300_000,
      unansweredAttempts: 4,
    });
    expect(line).toBe(
      `qobra-imports: 2024-06-25T10:20:00Z import ${ID}: connection refused; retrying in 1s (attempt 2 of 4: the API has not answered yet)`,
    );
    expect(line).not.toContain('giving up after 5m');
  });

  it('unknown status warning escapes the status', () => {
    expect(renderUnknownStatusWarning(ID, 'p\u001bx')).toContain('"p\\u001bx"');
  });
});

describe('endings', () => {
  const resume = { json: false, intervalMs: 2000, failFast: false, quiet: false, bell: true };

  it('resume command keeps the flags that matter, and quotes what a shell would mangle', () => {
    expect(renderResumeCommand([ID], resume)).toBe(`qobra-imports watch ${ID}`);
    expect(
      renderResumeCommand([ID, "it's"], {
        ...resume,
        intervalMs: 500,
        timeoutMs: 5_400_000,
        json: true,
        failFast: true,
        bell: false,
      }),
    ).toBe(
      `qobra-imports watch ${ID} 'it'\\''s' --interval 0.5 --timeout 1h30m --json --fail-fast --no-bell`,
    );
    expect(shellQuote('a b')).toBe("'a b'");
  });

  it('formats durations the way --timeout parses them', () => {
    expect([90_000, 600_000, 5_400_000, 1_500, 3_600_000].map(formatFlagDuration)).toEqual([
      '1m30s',
      '10m',
      '1h30m',
      '1.5s',
      '1h',
    ]);
  });

  it('timeout: what was still running, that it keeps running, and the command to resume', () => {
    const state = createWatchState([ID, OTHER_ID], T0);
    applyPollEvent(state, snap(T0, { progress: 42 }));
    applyPollEvent(state, snap(T0, { id: OTHER_ID, status: 'finished' }));
    applyPollEvent(state, { type: 'timeout', id: ID, at: T0 + 600_000 });
    expect(renderTimeoutText(state, { ...resume, timeoutMs: 600_000 })).toBe(
      [
        `qobra-imports: timed out after 10m 00s waiting for import ${ID} (started, 42%); the import keeps running on Qobra's servers`,
        `qobra-imports: resume with: qobra-imports watch ${ID} --timeout 10m`,
      ].join('\n'),
    );
    expect(renderWatchClosing(state, T0 + 600_000)).toBe(
      'watched 2 imports for 10m 00s: 1 timed out, 1 finished\n',
    );
  });

  it('Ctrl-C: where things stood, that the imports keep running, and how to resume', () => {
    const state = createWatchState([ID, OTHER_ID], T0);
    applyPollEvent(state, snap(T0 + 1000, { progress: 42 }));
    const text = renderInterruptedText(state, resume, T0 + 6_000);
    expect(text).toBe(
      [
        'qobra-imports: stopped watching after 6s. Where things stood:',
        `qobra-imports:   import ${ID}: started, 42%, last checked 5s ago`,
        `qobra-imports:   import ${OTHER_ID}: no answer yet`,
        `qobra-imports: the 2 imports keep running on Qobra's servers; resume with: qobra-imports watch ${ID} ${OTHER_ID}`,
      ].join('\n'),
    );
  });

  it('does not offer to resume an import that was not found', () => {
    const state = createWatchState([ID, OTHER_ID], T0);
    applyPollEvent(state, snap(T0, { progress: 42 }));
    applyPollEvent(state, { type: 'failed', id: OTHER_ID, at: T0, error: new QiError('not_found', 'gone') });
    expect(renderInterruptedText(state, resume, T0)).toContain(
      `resume with: qobra-imports watch ${ID}\n`.trim(),
    );
    expect(renderInterruptedText(state, resume, T0)).not.toContain(`watch ${ID} ${OTHER_ID}`);
  });
});
