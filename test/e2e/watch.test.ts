// `watch` end to end: the built binary, piped, against the in-process sandbox (and a few tiny
// servers of our own for what the sandbox cannot do: a refused key, a server that never recovers,
// an error that shows up while other tables are still running). Every sandbox is used by one test
// only, since scenario clocks and fault counters start with the first request for an id.
// Every watch carries --timeout as a safety net, so a hang fails in seconds, not at the test timeout.
import type { ChildProcess } from 'node:child_process';
import { describe, type ExpectStatic, it } from 'vitest';
import { SCENARIO_IDS as IDS } from '../../src/sandbox/plans.js';
import { DROPPED_FAILURES, FLAKY_FAILURES, RATE_LIMITED_FAILURES } from '../../src/sandbox/scenarios.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { type CliRun, json, lastErrorDocument, runCli, startServer, TEST_KEY } from './harness.js';

const UNKNOWN_ID = '64b0c1ea00000000000000ff';

/** What a piped watch must never write: escape codes, CR, BEL and other controls, box drawing, bars, spinner frames. */
const TERMINAL_ONLY = /[\u0000-\u0008\u000b-\u001f\u007f\u2500-\u259f\u2800-\u28ff]/;
/** "2024-06-25T10:20:05Z import <id>: …" or "… import <id> table <key>: …" */
const CHANGE_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z import [0-9a-f]{24}(: | table )/;

interface Logged {
  path: string;
  status: number;
  at: number;
}

interface SandboxRun {
  env: Record<string, string>;
  /** Every request the sandbox answered (status 0: dropped on purpose), with the wall time. */
  requests: Logged[];
}

/** A fresh sandbox for one test, closed whatever happens. */
async function withSandbox<T>(timeScale: number, body: (sandbox: SandboxRun) => Promise<T>): Promise<T> {
  const requests: Logged[] = [];
  const sandbox = await startSandbox({
    port: 0,
    timeScale,
    onRequest: ({ path, status }) => requests.push({ path, status, at: Date.now() }),
  });
  try {
    return await body({ env: { QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'any-key-works' }, requests });
  } finally {
    await sandbox.close();
  }
}

const watch = (args: string[], env: Record<string, string>, options: Parameters<typeof runCli>[1] = {}) =>
  runCli(['watch', ...args], { env, ...options });

const lines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

function expectPlain(expect: ExpectStatic, run: CliRun): void {
  expect(run.stdout).not.toMatch(TERMINAL_ONLY);
  expect(run.stderr).not.toMatch(TERMINAL_ONLY);
  expect(run.signal).toBeNull();
}

/** stdout of a plain watch: the change lines, then the final summary (which has no timestamps). */
function splitPlain(stdout: string): { changes: string[]; summary: string[] } {
  const all = lines(stdout);
  const firstSummary = all.findIndex((line) => !CHANGE_LINE.test(line));
  const cut = firstSummary === -1 ? all.length : firstSummary;
  return { changes: all.slice(0, cut), summary: all.slice(cut) };
}

function ndjson(stdout: string): { data_import: Record<string, unknown> & { status: string; id: string } }[] {
  return lines(stdout).map((line) => JSON.parse(line));
}

const FINISHED_CLEAN_SUMMARY = (id: string) =>
  new RegExp(
    [
      `^import ${id}: finished, 100%`,
      '  created .*, finished .*',
      '  table companies, type api, finished, 100%, records 312',
      '  table opportunities, type api, finished, 100%, records 2480',
      '  table users, type integration, finished, 100%, records 48',
      '  table targets, type csv, finished, 100%, records 96',
      '',
    ].join('\n'),
    'm',
  );

describe.concurrent('watch: a progressing import, piped', () => {
  it('prints a timestamped line per change, in order, then the final summary; exits 0', async ({
    expect,
  }) => {
    await withSandbox(10, async ({ env, requests }) => {
      const id = IDS.clean;
      const run = await watch([id, '--interval', '0.2', '--timeout', '12s'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expectPlain(expect, run);

      const { changes, summary } = splitPlain(run.stdout);
      // The import itself: scheduled, then started, then finished, each once in that order.
      const importLines = changes.filter((line) => line.includes(`import ${id}: `));
      const states = importLines.map((line) => line.replace(/^\S+ import \S+ /, '').split(',')[0]);
      expect(states[0]).toBe('scheduled');
      expect(states.at(-1)).toBe('finished');
      expect(states.slice(1, -1).every((state) => state === 'started')).toBe(true);
      expect(states.length).toBeGreaterThanOrEqual(3);
      expect(importLines[0]).toMatch(/: scheduled, 0% \(0 of 4 data tables finished\)$/);
      expect(importLines.at(-1)).toMatch(/: finished, 100%$/);
      // Every table starts scheduled and ends finished, with its records.
      for (const [table, records] of [
        ['companies', 312],
        ['opportunities', 2480],
        ['users', 48],
        ['targets', 96],
      ] as const) {
        const tableLines = changes.filter((line) => line.includes(` table ${table}: `));
        expect(tableLines[0]).toMatch(/scheduled, 0%, records -$/);
        expect(tableLines.at(-1)).toMatch(new RegExp(`finished, 100%, records ${records}$`));
      }
      // Timestamps never go backwards.
      const stamps = changes.map((line) => line.slice(0, 20));
      expect([...stamps].sort()).toEqual(stamps);
      // A line per change, not per request: fewer lines about the import than look-ups made.
      expect(importLines.length).toBeLessThanOrEqual(requests.length);

      expect(`${summary.join('\n')}\n`).toMatch(FINISHED_CLEAN_SUMMARY(id));
      expect(summary.at(-1)).toMatch(/^watched 1 import for \S+: 1 finished$/);
    });
  });

  it('failing-progress: follows it to the end and exits 1, pointing at `errors`', async ({ expect }) => {
    await withSandbox(10, async ({ env }) => {
      const id = IDS.failingProgress;
      const run = await watch([id, '--interval', '0.2', '--timeout', '12s'], env);
      expect(run.code).toBe(1);
      expectPlain(expect, run);
      const { changes, summary } = splitPlain(run.stdout);
      expect(changes[0]).toMatch(new RegExp(`import ${id}: scheduled, 0%`));
      expect(changes.filter((line) => line.includes(`import ${id}: `)).at(-1)).toMatch(
        /: finished with errors, 100%$/,
      );
      expect(changes.join('\n')).toMatch(
        /table opportunities: finished, 100%, records 2444, error ParsingError: .* \(36 rejected rows\)/,
      );
      expect(summary[0]).toBe(`import ${id}: finished with errors, 100%`);
      expect(summary.at(-1)).toMatch(/^watched 1 import for \S+: 1 finished with errors$/);
      expect(run.stderr).toBe(
        `qobra-imports: 36 rows of import ${id} were rejected: run \`qobra-imports errors ${id}\` to see them\n`,
      );
    });
  });

  it('--fail-fast on failing-progress also exits 1', async ({ expect }) => {
    await withSandbox(10, async ({ env }) => {
      const run = await watch(
        [IDS.failingProgress, '--interval', '0.2', '--timeout', '12s', '--fail-fast'],
        env,
      );
      expect(run.code).toBe(1);
      expectPlain(expect, run);
      expect(run.stdout).toMatch(/error ParsingError/);
    });
  });

  it('--fail-fast stops at the first data table error, while the import is still running', async ({
    expect,
  }) => {
    // The sandbox's failing table is the last to finish, so its error only appears with the end of
    // the import: this server shows a failed table while another one is still going, forever.
    const id = 'ffa11fa57000000000000001';
    const table = (key: string, status: string, progress: number, error: unknown = null) => ({
      type: 'api',
      status,
      data_table_key: key,
      progress,
      number_of_records: progress * 10,
      error,
    });
    const document = (failed: boolean) => ({
      data_import: {
        id,
        created_at: '2024-06-25T09:58:32Z',
        launched_at: '2024-06-25T10:03:27Z',
        finished_at: null,
        status: 'started',
        progress: failed ? 75 : 30,
        data_tables_details: [
          failed
            ? table('payments', 'finished', 100, {
                title: 'ParsingError',
                description: "Can't parse 'x' as float for user attribute amount",
                parsing_error_details: [{ line_number: 3, row: { amount: 'x' }, details: 'ValueError' }],
              })
            : table('payments', 'started', 40),
          table('deals', 'started', failed ? 50 : 20),
        ],
      },
    });
    let served = 0;
    const server = await startServer((_request, response) => {
      served += 1;
      json(response, 200, document(served >= 2));
    });
    try {
      const env = { QOBRA_BASE_URL: server.url };
      const started = Date.now();
      const run = await watch([id, '--interval', '0.2', '--timeout', '8s', '--fail-fast'], env);
      const tookMs = Date.now() - started;
      expect(run.code).toBe(1);
      expectPlain(expect, run);
      // Stopped on the answer that showed the error: no look-up after it, long before the timeout.
      expect(served).toBe(2);
      expect(tookMs).toBeLessThan(6_000);
      const { changes, summary } = splitPlain(run.stdout);
      expect(changes.at(-1)).toMatch(
        /table payments: finished, 100%, records 1000, error ParsingError: .* \(1 rejected row\)$/,
      );
      expect(summary[0]).toBe(`import ${id}: started, 75%`);
      expect(summary.join('\n')).toMatch(/table deals, type api, started, 50%/);
      expect(summary.at(-1)).toMatch(/^watched 1 import for \S+: 1 reported an error$/);
      expect(run.stderr).not.toMatch(/timed out/);

      // The same import without --fail-fast is followed until the timeout: the flag is what stopped it.
      const patient = await watch([id, '--interval', '0.2', '--timeout', '1s'], env);
      expect(patient.code).toBe(124);
      expect(patient.stderr).toMatch(/timed out after 1s/);
    } finally {
      await server.close();
    }
  });

  it('an import already finished returns at once with its outcome (1), after one look-up', async ({
    expect,
  }) => {
    await withSandbox(10, async ({ env, requests }) => {
      const id = IDS.documented;
      const run = await watch([id, '--timeout', '10s'], env);
      expect(run.code).toBe(1);
      expectPlain(expect, run);
      expect(requests).toHaveLength(1);
      // No change lines: the final summary alone tells it.
      expect(run.stdout).not.toMatch(/^\d{4}-/m);
      expect(lines(run.stdout)).toEqual([
        `import ${id}: finished with errors, 100%`,
        '  created 2024-06-25 09:58:32 UTC, launched 2024-06-25 10:03:27 UTC (queued 4m 55s), finished 2024-06-25 10:14:12 UTC (ran 10m 45s)',
        '  table companies, type api, finished, 100%, records 122',
        "  table opportunities, type api, finished, 100%, records -, error ParsingError: Can't parse 'AAAAA' as float for user attribute amount (1 rejected row)",
        expect.stringMatching(/^watched 1 import for \d+ms: 1 finished with errors$/),
      ]);
      expect(run.stderr).toBe(
        `qobra-imports: 1 row of import ${id} was rejected: run \`qobra-imports errors ${id}\` to see it\n`,
      );

      // --json: the API's document, exactly, on one line.
      const asJson = await watch([id, '--timeout', '10s', '--json'], env);
      expect(asJson.code).toBe(1);
      expect(lines(asJson.stdout)).toHaveLength(1);
      expect(JSON.parse(asJson.stdout)).toEqual(JSON.parse(DOCUMENTED_EXAMPLE_TEXT));
    });
  });

  it('--quiet: only the final summary on stdout, nothing on stderr', async ({ expect }) => {
    await withSandbox(10, async ({ env, requests }) => {
      const id = IDS.clean;
      const run = await watch([id, '--interval', '0.2', '--timeout', '12s', '--quiet'], env);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expectPlain(expect, run);
      // It did follow the import through its changes, silently.
      expect(requests.length).toBeGreaterThan(2);
      const out = lines(run.stdout);
      expect(out).toHaveLength(7);
      expect(run.stdout).toMatch(FINISHED_CLEAN_SUMMARY(id));
      expect(out.at(-1)).toMatch(/^watched 1 import for \S+: 1 finished$/);
    });
  });
});

describe.concurrent('watch --json', () => {
  it('one {"data_import"} line per change, the final state last, nothing else on stdout', async ({
    expect,
  }) => {
    await withSandbox(10, async ({ env, requests }) => {
      const id = IDS.clean;
      const run = await watch([id, '--interval', '0.2', '--timeout', '12s', '--json'], env);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expectPlain(expect, run);
      const raw = lines(run.stdout);
      const documents = ndjson(run.stdout);
      expect(documents.length).toBeGreaterThanOrEqual(3);
      expect(documents.length).toBeLessThanOrEqual(requests.length);
      for (const document of documents) {
        expect(Object.keys(document)).toEqual(['data_import']);
        expect(document.data_import.id).toBe(id);
        // Key order as the API sends it.
        expect(Object.keys(document.data_import)).toEqual([
          'id',
          'created_at',
          'launched_at',
          'finished_at',
          'status',
          'progress',
          'data_tables_details',
        ]);
      }
      // Only when the document changed: no two lines in a row are the same.
      for (let i = 1; i < raw.length; i++) expect(raw[i]).not.toBe(raw[i - 1]);
      expect(documents[0]?.data_import.status).toBe('scheduled');
      expect(documents.at(-1)?.data_import).toMatchObject({ status: 'finished', progress: 100 });
      expect(documents.slice(0, -1).every((document) => document.data_import.status !== 'finished')).toBe(
        true,
      );
    });
  });

  it('an import that does not change prints no new line, however many look-ups', async ({ expect }) => {
    await withSandbox(20, async ({ env, requests }) => {
      const id = IDS.stuck;
      const run = await watch([id, '--interval', '0.2', '--timeout', '2s', '--json'], env);
      expect(run.code).toBe(124);
      expectPlain(expect, run);
      const documents = ndjson(run.stdout);
      // Scheduled at the first look, then started at 42% forever.
      expect(documents.map((document) => document.data_import.status)).toEqual(['scheduled', 'started']);
      expect(documents[1]?.data_import.progress).toBe(42);
      expect(requests.length).toBeGreaterThan(documents.length);
    });
  });
});

describe.concurrent('watch --timeout', () => {
  it('stuck: exits 124 with the last state on stdout and the command that resumes on stderr', async ({
    expect,
  }) => {
    await withSandbox(20, async ({ env }) => {
      const id = IDS.stuck;
      const started = Date.now();
      const run = await watch([id, '--interval', '0.2', '--timeout', '2s'], env, { timeoutMs: 12_000 });
      const tookMs = Date.now() - started;
      expect(run.code).toBe(124);
      expectPlain(expect, run);
      expect(tookMs).toBeGreaterThanOrEqual(2_000);
      expect(tookMs).toBeLessThan(8_000);

      const { changes, summary } = splitPlain(run.stdout);
      expect(changes[0]).toMatch(new RegExp(`import ${id}: scheduled, 0%`));
      expect(changes.join('\n')).toMatch(
        new RegExp(`import ${id}: started, 42% \\(0 of 2 data tables finished\\)`),
      );
      // stdout ends with where the import stood.
      expect(summary[0]).toBe(`import ${id}: started, 42%`);
      expect(summary).toContain('  table companies, type api, started, 60%, records 300');
      expect(summary).toContain('  table opportunities, type api, started, 24%, records 480');
      expect(summary.at(-1)).toMatch(/^watched 1 import for \S+: 1 timed out$/);

      const talk = lines(run.stderr);
      expect(talk).toContain(
        `qobra-imports: timed out after 2s waiting for import ${id} (started, 42%); the import keeps running on Qobra's servers`,
      );
      expect(talk).toContain(
        `qobra-imports: resume with: qobra-imports watch ${id} --interval 0.2 --timeout 2s`,
      );
    });
  });

  it('stuck --json: stderr ends with the timeout error document (124)', async ({ expect }) => {
    await withSandbox(20, async ({ env }) => {
      const id = IDS.stuck;
      const run = await watch([id, '--interval', '0.2', '--timeout', '2s', '--json'], env, {
        timeoutMs: 12_000,
      });
      expect(run.code).toBe(124);
      expectPlain(expect, run);
      const documents = ndjson(run.stdout);
      expect(documents.at(-1)?.data_import).toMatchObject({ status: 'started', progress: 42 });
      expect(run.stderr).toMatch(new RegExp(`resume with: qobra-imports watch ${id} .*--json`));
      const { error } = lastErrorDocument(run.stderr);
      expect(error).toEqual({
        code: 'timeout',
        message: expect.stringContaining(`waiting for import ${id} (started, 42%)`),
        exit_code: 124,
      });
    });
  });
});

describe.concurrent('watch: faults', () => {
  it('flaky (503s): retried on stderr with backoff, then 0', async ({ expect }) => {
    await withSandbox(20, async ({ env, requests }) => {
      const id = IDS.flaky;
      const run = await watch([id, '--interval', '0.2', '--timeout', '12s'], env);
      expect(run.code).toBe(0);
      expectPlain(expect, run);
      expect(run.stdout).toMatch(FINISHED_CLEAN_SUMMARY(id));
      expect(run.stdout).toMatch(/watched 1 import for \S+: 1 finished\n$/);
      const retries = lines(run.stderr).filter((line) =>
        line.includes(`import ${id}: HTTP 503; retrying in`),
      );
      expect(retries).toHaveLength(FLAKY_FAILURES);
      expect(run.stderr).toMatch(new RegExp(`import ${id}: answering again after \\S+ of failures`));
      expect(requests.map((request) => request.status)).toEqual([503, 503, 503, 200]);
    });
  });

  it('rate-limited (429 + Retry-After: 1): waits at least a second each time, then 0', async ({ expect }) => {
    await withSandbox(20, async ({ env, requests }) => {
      const id = IDS.rateLimited;
      const run = await watch([id, '--interval', '0.2', '--timeout', '12s'], env);
      expect(run.code).toBe(0);
      expectPlain(expect, run);
      expect(run.stdout).toMatch(FINISHED_CLEAN_SUMMARY(id));
      const retries = lines(run.stderr).filter((line) => line.includes(`import ${id}: HTTP 429`));
      expect(retries).toHaveLength(RATE_LIMITED_FAILURES);
      expect(retries[0]).toMatch(/retrying in 1s, as the server's Retry-After asks$/);
      expect(requests.map((request) => request.status)).toEqual([429, 429, 200]);
      // Retry-After is in real seconds (the sandbox does not scale it): each retry came ≥ 1 s later.
      for (let i = 1; i < requests.length; i++) {
        expect((requests[i]?.at ?? 0) - (requests[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(950);
      }
    });
  });

  it('slow answers: waited for when within --request-timeout, retried as timeouts when not', async ({
    expect,
  }) => {
    // The sandbox answers `slow` after ~3 s of scenario time: 300 ms at timeScale 10.
    await withSandbox(10, async ({ env }) => {
      const id = IDS.slow;
      const patient = await watch([id, '--interval', '0.2', '--timeout', '10s'], env);
      expect(patient.code).toBe(0);
      expect(patient.stderr).not.toMatch(/retrying/);
      expect(patient.stdout).toMatch(FINISHED_CLEAN_SUMMARY(id));
      const impatient = await watch(
        [id, '--interval', '0.2', '--request-timeout', '0.1', '--timeout', '2s'],
        env,
      );
      // Reversed on purpose: no request was ever answered, so nothing is known of the import; the
      // watch gives up as `status` does (5), instead of 124 "still running".
      expect(impatient.code).toBe(5);
      expectPlain(expect, impatient);
      expect(impatient.stderr).toMatch(new RegExp(`import ${id}: timed out[^;]*; retrying in`));
    });
  });

  it('dropped connections: retried on stderr, then 0', async ({ expect }) => {
    await withSandbox(20, async ({ env, requests }) => {
      const id = IDS.dropped;
      const run = await watch([id, '--interval', '0.2', '--timeout', '12s'], env);
      expect(run.code).toBe(0);
      expectPlain(expect, run);
      expect(run.stdout).toMatch(FINISHED_CLEAN_SUMMARY(id));
      const retries = lines(run.stderr).filter((line) =>
        new RegExp(`import ${id}: .*; retrying in`).test(line),
      );
      expect(retries).toHaveLength(DROPPED_FAILURES);
      expect(run.stderr).toMatch(/answering again after/);
      expect(requests.map((request) => request.status)).toEqual([0, 0, 200]);
    });
  });

  it('malformed JSON: 6 at once, not retried; with --json, stdout empty and a bad_response document', async ({
    expect,
  }) => {
    await withSandbox(20, async ({ env, requests }) => {
      const id = IDS.malformed;
      const run = await watch([id, '--interval', '0.2', '--timeout', '10s'], env);
      expect(run.code).toBe(6);
      expectPlain(expect, run);
      expect(run.stderr).toMatch(new RegExp(`error: fetching import ${id}: the response is not valid JSON`));
      expect(run.stderr).not.toMatch(/retrying/);
      expect(run.stdout).not.toMatch(/^\d{4}-/m);
      expect(requests).toHaveLength(1);

      const asJson = await watch([id, '--interval', '0.2', '--timeout', '10s', '--json'], env);
      expect(asJson.code).toBe(6);
      expect(asJson.stdout).toBe('');
      expect(lastErrorDocument(asJson.stderr).error).toMatchObject({ code: 'bad_response', exit_code: 6 });
    });
  });

  it('wrong shape: 6, naming the field', async ({ expect }) => {
    await withSandbox(20, async ({ env, requests }) => {
      const id = IDS.wrongShape;
      const run = await watch([id, '--interval', '0.2', '--timeout', '10s', '--json'], env);
      expect(run.code).toBe(6);
      expectPlain(expect, run);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/data_tables_details\[1\]\.progress/);
      expect(lastErrorDocument(run.stderr).error).toMatchObject({ code: 'bad_response', exit_code: 6 });
      expect(requests).toHaveLength(1);
    });
  });

  it('an unknown id: 3, not retried', async ({ expect }) => {
    await withSandbox(20, async ({ env, requests }) => {
      const run = await watch([UNKNOWN_ID, '--interval', '0.2', '--timeout', '10s'], env);
      expect(run.code).toBe(3);
      expectPlain(expect, run);
      expect(run.stderr).toMatch(
        new RegExp(`^qobra-imports: error: import ${UNKNOWN_ID} not found \\(GET [^)]+\\)$`, 'm'),
      );
      // Nothing about the import itself on stdout: there was never a state to show.
      expect(run.stdout).not.toMatch(new RegExp(`import ${UNKNOWN_ID}|^\\d{4}-`, 'm'));
      expect(requests).toHaveLength(1);

      const asJson = await watch([UNKNOWN_ID, '--interval', '0.2', '--timeout', '10s', '--json'], env);
      expect(asJson.code).toBe(3);
      expect(asJson.stdout).toBe('');
      expect(lastErrorDocument(asJson.stderr).error).toMatchObject({ code: 'not_found', exit_code: 3 });
    });
  });

  it('a refused key (401): 4, not retried, and the key never shown', async ({ expect }) => {
    const server = await startServer((_request, response) =>
      json(response, 401, { message: 'Invalid API key' }),
    );
    try {
      const env = { QOBRA_BASE_URL: server.url };
      const run = await watch([IDS.clean, '--interval', '0.2', '--timeout', '10s'], env);
      expect(run.code).toBe(4);
      expectPlain(expect, run);
      expect(run.stderr).toMatch(/the API key was refused \(HTTP 401\)/);
      expect(run.stderr).not.toMatch(/retrying/);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.headers['x-api-key']).toBe(TEST_KEY);

      const asJson = await watch([IDS.clean, '--interval', '0.2', '--timeout', '10s', '--json'], env);
      expect(asJson.code).toBe(4);
      expect(asJson.stdout).toBe('');
      expect(lastErrorDocument(asJson.stderr).error).toMatchObject({ code: 'auth', exit_code: 4 });
      for (const output of [run.stdout, run.stderr, asJson.stdout, asJson.stderr]) {
        expect(output).not.toContain(TEST_KEY);
      }
    } finally {
      await server.close();
    }
  });

  it('a server that always answers 503: the watch keeps retrying until --timeout (124), not 5', async ({
    expect,
  }) => {
    const server = await startServer((_request, response) =>
      json(response, 503, { message: 'Service temporarily unavailable' }),
    );
    try {
      const id = IDS.clean;
      const started = Date.now();
      const run = await watch(
        [id, '--interval', '0.2', '--timeout', '3s'],
        { QOBRA_BASE_URL: server.url },
        {
          timeoutMs: 12_000,
        },
      );
      const tookMs = Date.now() - started;
      expect(run.code).toBe(124);
      expectPlain(expect, run);
      expect(tookMs).toBeGreaterThanOrEqual(3_000);
      expect(server.requests.length).toBeGreaterThanOrEqual(2);
      const retries = lines(run.stderr).filter((line) =>
        line.includes(`import ${id}: HTTP 503; retrying in`),
      );
      expect(retries.length).toBeGreaterThanOrEqual(2);
      expect(run.stderr).toMatch(
        new RegExp(`timed out after 3s waiting for import ${id} \\(no answer yet\\)`),
      );
      expect(run.stderr).toMatch(new RegExp(`resume with: qobra-imports watch ${id} `));
      // Nothing was ever learned about the import, so there is no result: stdout stays empty.
      expect(run.stdout).toBe('');
    } finally {
      await server.close();
    }
  });
});

describe.concurrent('watch: several imports at once', () => {
  it('clean + documented + unknown: every one reported, and 3 wins over 1 and 0', async ({ expect }) => {
    await withSandbox(10, async ({ env }) => {
      const run = await watch(
        [IDS.clean, IDS.documented, UNKNOWN_ID, '--interval', '0.2', '--timeout', '12s'],
        env,
      );
      expect(run.code).toBe(3);
      expectPlain(expect, run);
      expect(run.stdout).toMatch(FINISHED_CLEAN_SUMMARY(IDS.clean));
      expect(run.stdout).toMatch(new RegExp(`^import ${IDS.documented}: finished with errors, 100%$`, 'm'));
      expect(run.stdout).toMatch(
        /watched 3 imports for \S+: 1 finished, 1 finished with errors, 1 not found\n$/,
      );
      expect(run.stderr).toMatch(new RegExp(`error: import ${UNKNOWN_ID} not found`));
      expect(run.stderr).toMatch(new RegExp(`qobra-imports errors ${IDS.documented}`));
      // The clean import was followed to its end although another id failed at once.
      expect(run.stdout).toMatch(new RegExp(`Z import ${IDS.clean}: finished, 100%$`, 'm'));
    });
  });

  it('clean + documented: 1 wins over 0; with --json, each import ends with its final state', async ({
    expect,
  }) => {
    await withSandbox(10, async ({ env }) => {
      const run = await watch(
        [IDS.clean, IDS.documented, '--interval', '0.2', '--timeout', '12s', '--json'],
        env,
      );
      expect(run.code).toBe(1);
      expectPlain(expect, run);
      const documents = ndjson(run.stdout);
      const last = (id: string) => documents.filter((document) => document.data_import.id === id).at(-1);
      expect(last(IDS.clean)?.data_import.status).toBe('finished');
      expect(last(IDS.documented)?.data_import.status).toBe('finished');
      expect(documents.at(-1)?.data_import).toMatchObject({ id: IDS.clean, status: 'finished' });
      expect(documents.filter((document) => document.data_import.id === IDS.documented)).toHaveLength(1);
    });
  });
});

/** Runs a watch of the stuck import and sends `signal` once its first stdout line is out. */
async function interrupt(signal: NodeJS.Signals, args: string[], env: Record<string, string>) {
  let signalledAt = 0;
  const onSpawn = (child: ChildProcess) => {
    child.stdout?.once('data', () => {
      signalledAt = Date.now();
      child.kill(signal);
    });
  };
  const run = await watch(args, env, { onSpawn, timeoutMs: 12_000 });
  return { run, signalledAt, stoppedInMs: Date.now() - signalledAt };
}

describe.concurrent('watch: interrupted', () => {
  it('SIGINT: 130, where things stood, the import keeps running on the server', async ({ expect }) => {
    await withSandbox(20, async ({ env }) => {
      const id = IDS.stuck;
      const { run, signalledAt, stoppedInMs } = await interrupt(
        'SIGINT',
        [id, '--interval', '0.2', '--timeout', '8s'],
        env,
      );
      expect(signalledAt).toBeGreaterThan(0);
      expect(run.code).toBe(130);
      expectPlain(expect, run);
      expect(stoppedInMs).toBeLessThan(4_000);
      expect(run.stdout).toMatch(new RegExp(`^\\S+Z import ${id}: scheduled, 0%`));
      expect(run.stdout).not.toMatch(/timed out/);
      expect(run.stderr).toMatch(/^qobra-imports: stopped watching after \S+\. Where things stood:$/m);
      expect(run.stderr).toMatch(
        new RegExp(`^qobra-imports: {3}import ${id}: (scheduled|started), \\d+%`, 'm'),
      );
      expect(run.stderr).toMatch(
        new RegExp(`the import keeps running on Qobra's servers; resume with: qobra-imports watch ${id} `),
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  });

  it('SIGTERM: 143; with --json, stderr ends with the interrupted document', async ({ expect }) => {
    await withSandbox(20, async ({ env }) => {
      const id = IDS.stuck;
      const { run, signalledAt } = await interrupt(
        'SIGTERM',
        [id, '--interval', '0.2', '--timeout', '8s', '--json'],
        env,
      );
      expect(signalledAt).toBeGreaterThan(0);
      expect(run.code).toBe(143);
      expectPlain(expect, run);
      for (const document of ndjson(run.stdout)) expect(document.data_import.id).toBe(id);
      expect(run.stderr).toMatch(/keeps running on Qobra's servers/);
      expect(lastErrorDocument(run.stderr).error).toMatchObject({ code: 'interrupted', exit_code: 143 });
    });
  });
});
