import { describe, expect, it } from 'vitest';
import { runWatch, type WatchOptions } from '../../src/commands/watch.js';
import { QiError } from '../../src/errors.js';
import { HIDE_CURSOR, SHOW_CURSOR } from '../../src/output/watch-view-live.js';
import { compactJson } from '../../src/render/json.js';
import { rawText } from '../helpers/builders.js';
import type { Answer } from '../helpers/fake-api.js';
import { captureOutput } from '../helpers/fake-deps.js';
import {
  fetched,
  finished,
  ID,
  notFound,
  OTHER_ID,
  scriptedApi,
  unavailable,
  type WatchDeps,
  watchDeps,
} from '../helpers/watch-fixtures.js';

const watch = (deps: WatchDeps, options: Partial<WatchOptions> = {}) =>
  runWatch(
    {
      ids: [ID],
      intervalMs: 2000,
      json: false,
      failFast: false,
      quiet: false,
      bell: true,
      color: false,
      ...options,
    },
    deps,
  );

const ESC = '\u001b';
const BELL = '\u0007';
const stuck = (progress = 42): Answer[] => [fetched({ progress })];

describe('runWatch, piped', () => {
  it('follows an import to a clean finish: a line per change, the final summary, exit 0', async () => {
    const api = scriptedApi({
      [ID]: [
        fetched({ status: 'scheduled', progress: 0 }),
        fetched({ progress: 50 }),
        fetched({ progress: 50 }),
        finished(),
      ],
    });
    const deps = watchDeps(api);
    const result = await watch(deps);
    expect(result).toEqual({ exitCode: 0 });
    expect(api.calls).toHaveLength(4);
    // Back to the starting interval after each change; 1.5× (less up to 20% jitter) after the unchanged look.
    expect(deps.slept).toEqual([2000, 2000, 2700]);
    const out = deps.stdout.text;
    expect(out).toContain(`2024-06-25T10:20:00Z import ${ID}: scheduled, 0%`);
    expect(out).toContain(`2024-06-25T10:20:02Z import ${ID}: started, 50%`);
    expect(out).toContain(`2024-06-25T10:20:06Z import ${ID}: finished, 100%`);
    expect(out).toContain(`import ${ID}: finished, 100%\n  created`);
    expect(out.endsWith('watched 1 import for 6s: 1 finished\n')).toBe(true);
    // The unchanged look-up printed nothing.
    expect(out.split(`import ${ID}: started, 50%`)).toHaveLength(2);
    expect(out + deps.stderr.text).not.toContain(ESC);
  });

  it('exits 1 when the import finishes with errors, and points at `errors`', async () => {
    const deps = watchDeps(
      scriptedApi({
        [ID]: [fetched(), finished({ tables: [{ key: 'opportunities', progress: 100, rejected: 2 }] })],
      }),
    );
    expect(await watch(deps)).toEqual({ exitCode: 1 });
    expect(deps.stderr.text).toContain(`run \`qobra-imports errors ${ID}\``);
  });

  it('returns at once for an import already finished, with only its summary', async () => {
    const api = scriptedApi({ [ID]: [finished()] });
    const deps = watchDeps(api);
    expect(await watch(deps)).toEqual({ exitCode: 0 });
    expect(api.calls).toHaveLength(1);
    expect(deps.slept).toEqual([]);
    expect(deps.stdout.text.startsWith(`import ${ID}: finished, 100%`)).toBe(true);
  });

  it('survives transient failures, saying so on stderr', async () => {
    const deps = watchDeps(scriptedApi({ [ID]: [unavailable(), unavailable(502), finished()] }));
    expect(await watch(deps)).toEqual({ exitCode: 0 });
    expect(deps.stderr.text.match(/retrying in/g)).toHaveLength(2);
    expect(deps.stderr.text).toMatch(/answering again after \d+s of failures/);
  });

  it('gives up with 5 when every attempt has failed for five minutes', async () => {
    const deps = watchDeps(scriptedApi({ [ID]: [unavailable()] }));
    const result = await watch(deps);
    expect(result.exitCode).toBe(5);
    expect(result.error?.code).toBe('unavailable');
    expect(deps.stderr.text).toContain('every attempt failed for 5m 00s');
  });

  it('ends with 3 for an unknown import, still reporting the others', async () => {
    const api = scriptedApi({
      [ID]: [notFound()],
      [OTHER_ID]: [fetched({ id: OTHER_ID }), finished({ id: OTHER_ID })],
    });
    const deps = watchDeps(api);
    const result = await watch(deps, { ids: [ID, OTHER_ID] });
    expect(result.exitCode).toBe(3);
    expect(result.error?.code).toBe('not_found');
    expect(deps.stderr.text).toContain(`qobra-imports: error: import ${ID} not found`);
    expect(deps.stdout.text).toContain(`import ${OTHER_ID}: finished, 100%`);
    expect(deps.stdout.text).toContain('1 not found, 1 finished');
  });

  it('times out with 124: the last state seen, then the command that resumes', async () => {
    const deps = watchDeps(scriptedApi({ [ID]: stuck() }));
    const start = deps.now();
    const result = await watch(deps, { timeoutMs: 20_000 });
    expect(result.exitCode).toBe(124);
    expect(result.error).toBeInstanceOf(QiError);
    expect(result.error?.code).toBe('timeout');
    expect(deps.now() - start).toBe(20_000);
    expect(deps.stdout.text).toContain(`import ${ID}: started, 42%\n`);
    expect(deps.stderr.text).toContain(`resume with: qobra-imports watch ${ID} --timeout 20s\n`);
  });

  it('writes a heartbeat on stderr about once a minute while nothing changes, and nothing on stdout', async () => {
    const deps = watchDeps(scriptedApi({ [ID]: stuck() }));
    await watch(deps, { timeoutMs: 5 * 60_000 });
    const beats = deps.stderr.text.split('\n').filter((line) => line.includes('still watching'));
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats.length).toBeLessThanOrEqual(6);
    expect(beats[0]).toContain(`import ${ID} (started, 42%, no change for`);
    // Only the first look printed change lines.
    expect(deps.stdout.text.split('\n').filter((line) => /^\d{4}-/.test(line))).toHaveLength(2);
  });

  it('warns once about a status the docs do not list, and keeps waiting', async () => {
    const api = scriptedApi({
      [ID]: [fetched({ status: 'paused' }), fetched({ status: 'paused', progress: 60 }), finished()],
    });
    const deps = watchDeps(api);
    expect(await watch(deps)).toEqual({ exitCode: 0 });
    expect(deps.stderr.text.match(/reports status "paused"/g)).toHaveLength(1);
    expect(api.calls).toHaveLength(3);
  });

  it('--fail-fast stops with 1 as soon as a data table reports an error', async () => {
    // Neither import would ever finish: only --fail-fast (or the safety timeout) can end this watch.
    const failing = fetched({ tables: [{ key: 'opportunities', progress: 40, rejected: 3 }] });
    const api = scriptedApi({ [ID]: [fetched(), failing], [OTHER_ID]: stuck() });
    const deps = watchDeps(api);
    const start = deps.now();
    const result = await watch(deps, { ids: [ID, OTHER_ID], failFast: true, timeoutMs: 600_000 });
    expect(result).toEqual({ exitCode: 1 });
    expect(deps.now() - start).toBeLessThan(10_000);
    expect(deps.stdout.text).toContain('1 reported an error, 1 stopped (--fail-fast)');
  });

  it('without --fail-fast, the same import is followed to its finish', async () => {
    const failing = fetched({ tables: [{ key: 'opportunities', progress: 40, rejected: 3 }] });
    const api = scriptedApi({
      [ID]: [
        fetched(),
        failing,
        finished({ tables: [{ key: 'opportunities', progress: 100, rejected: 3 }] }),
      ],
    });
    expect(await watch(watchDeps(api))).toEqual({ exitCode: 1 });
    expect(api.calls).toHaveLength(3);
  });

  it('--quiet prints only the final summary', async () => {
    const deps = watchDeps(
      scriptedApi({
        [ID]: [unavailable(), fetched({ progress: 10 }), fetched({ progress: 60 }), finished()],
      }),
    );
    expect(await watch(deps, { quiet: true })).toEqual({ exitCode: 0 });
    expect(deps.stdout.text.startsWith(`import ${ID}: finished, 100%`)).toBe(true);
    expect(deps.stderr.text).toBe('');
  });

  it('watches an id given twice once', async () => {
    const api = scriptedApi({ [ID]: [fetched(), finished()] });
    await watch(watchDeps(api), { ids: [ID, ID] });
    expect(api.calls).toHaveLength(2);
  });
});

describe('runWatch, closed pipe', () => {
  it('stops polling once the reader is gone, quietly, with the outcome so far (8: still running)', async () => {
    const api = scriptedApi({
      [ID]: [fetched({ progress: 10 }), fetched({ progress: 30 }), fetched({ progress: 50 })],
    });
    const deps = watchDeps(api);
    deps.stdout.close();
    expect(await watch(deps)).toEqual({ exitCode: 8 });
    expect(api.calls.length).toBeLessThanOrEqual(2);
    expect(deps.stderr.text).toBe('');
  });
});

describe('runWatch, reader gone with nothing to write', () => {
  it('an unchanging import: stops at the next poll once the reader check says so, exit 8', async () => {
    const same = fetched({ progress: 42 });
    const api = scriptedApi({ [ID]: Array.from({ length: 50 }, () => same) });
    const deps = watchDeps(api);
    // The reader leaves after the third answer; nothing changes, so no write would ever tell.
    Object.assign(deps, { stdoutReaderCheck: () => () => api.calls.length >= 3 });
    expect(await watch(deps)).toEqual({ exitCode: 8 });
    expect(api.calls).toHaveLength(3);
    expect(deps.stderr.text).not.toMatch(/error/);
  });

  it('without a reader check (not a pipe, not Linux) it keeps the old way: polls on', async () => {
    const same = fetched({ progress: 42 });
    const api = scriptedApi({ [ID]: [...Array.from({ length: 5 }, () => same), finished()] });
    const deps = watchDeps(api);
    Object.assign(deps, { stdoutReaderCheck: () => undefined });
    expect(await watch(deps)).toEqual({ exitCode: 0 });
    expect(api.calls).toHaveLength(6);
  });
});

describe('runWatch --json', () => {
  it('writes the API document, compacted, each time it changes and nothing else', async () => {
    const a = fetched({ progress: 10 });
    const b = fetched({ progress: 20 });
    const done = finished();
    const deps = watchDeps(scriptedApi({ [ID]: [a, a, b, done] }));
    expect(await watch(deps, { json: true })).toEqual({ exitCode: 0 });
    const lines = deps.stdout.text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual([compactJson(rawText(a)), compactJson(rawText(b)), compactJson(rawText(done))]);
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual(done.document);
  });

  it('with --quiet, only the final state', async () => {
    const done = finished();
    const deps = watchDeps(
      scriptedApi({ [ID]: [fetched({ progress: 10 }), fetched({ progress: 20 }), done] }),
    );
    await watch(deps, { json: true, quiet: true });
    expect(deps.stdout.text).toBe(`${compactJson(rawText(done))}\n`);
  });

  it('leaves stdout empty when the import cannot be found', async () => {
    const deps = watchDeps(scriptedApi({ [ID]: [notFound()] }));
    const result = await watch(deps, { json: true });
    expect(result.exitCode).toBe(3);
    expect(deps.stdout.text).toBe('');
  });
});

describe('runWatch, interrupted', () => {
  it('rethrows the interruption after saying where things stood and that the import keeps running', async () => {
    let abort = () => {};
    const api = scriptedApi({
      [ID]: [
        fetched({ progress: 10 }),
        async () => {
          abort();
          return fetched({ progress: 20 });
        },
        finished(),
      ],
    });
    const deps = watchDeps(api);
    abort = () => deps.abort(130);
    const failure = await watch(deps).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(QiError);
    expect(failure).toMatchObject({ code: 'interrupted', exitCode: 130 });
    expect(api.calls).toHaveLength(2);
    expect(deps.stderr.text).toContain('stopped watching after 2s. Where things stood:');
    expect(deps.stderr.text).toContain(`import ${ID}: started, 20%, last checked 0s ago`);
    expect(deps.stderr.text).toContain(
      `the import keeps running on Qobra's servers; resume with: qobra-imports watch ${ID}\n`,
    );
  });
});

describe('runWatch on a terminal', () => {
  const terminalDeps = (steps: Answer[], stderrTTY = true) =>
    watchDeps(scriptedApi({ [ID]: steps }), {
      stdout: captureOutput({ isTTY: true, columns: 100 }),
      stderr: captureOutput({ isTTY: stderrTTY, columns: 100 }),
    });

  it('draws a live frame with the cursor hidden, then restores it and prints the final view', async () => {
    const deps = terminalDeps([fetched({ progress: 10 }), fetched({ progress: 60 }), finished()]);
    expect(await watch(deps)).toEqual({ exitCode: 0 });
    const out = deps.stdout.text;
    expect(out).toContain(HIDE_CURSOR);
    expect(out).toContain('Watching 1 import for');
    expect(out.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(out.lastIndexOf(HIDE_CURSOR));
    expect(out).toMatch(/\r\u001b\[\d+A/); // redrawn in place
    expect(out.endsWith('watched 1 import for 4s: 1 finished\n')).toBe(true);
  });

  it('restores the cursor when interrupted', async () => {
    let abort = () => {};
    const deps = terminalDeps([
      fetched({ progress: 10 }),
      async () => {
        abort();
        return fetched({ progress: 20 });
      },
    ]);
    abort = () => deps.abort(130);
    await expect(watch(deps)).rejects.toMatchObject({ code: 'interrupted' });
    const out = deps.stdout.text;
    expect(out.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(out.lastIndexOf(HIDE_CURSOR));
    expect(out.lastIndexOf(HIDE_CURSOR)).toBeGreaterThanOrEqual(0);
  });

  it('writes warnings above the live frame: erased, warned, redrawn', async () => {
    const deps = terminalDeps([
      fetched({ progress: 10 }),
      fetched({ status: 'paused', progress: 20 }),
      finished(),
    ]);
    expect(await watch(deps)).toEqual({ exitCode: 0 });
    expect(deps.stderr.text).toContain('reports status "paused"');
    expect(deps.stdout.text).toMatch(/\r\u001b\[\d+A\u001b\[J\r/);
  });

  it('shows no live frame for an import already finished', async () => {
    const deps = terminalDeps([finished()]);
    await watch(deps);
    expect(deps.stdout.text).not.toContain(HIDE_CURSOR);
  });

  it('rings the bell when a watch that lasted over a minute ends, unless told not to', async () => {
    const long = (): Answer[] => [...Array.from({ length: 8 }, () => fetched()), finished()];
    const deps = terminalDeps(long());
    await watch(deps);
    expect(deps.now() - Date.parse('2024-06-25T10:20:00Z')).toBeGreaterThan(60_000);
    expect(deps.stderr.text).toContain(BELL);

    const quietBell = terminalDeps(long());
    await watch(quietBell, { bell: false });
    expect(quietBell.stderr.text).not.toContain(BELL);

    const piped = terminalDeps(long(), false);
    await watch(piped);
    expect(piped.stderr.text).not.toContain(BELL);

    const short = terminalDeps([fetched(), finished()]);
    await watch(short);
    expect(short.stderr.text).not.toContain(BELL);
  });
});
