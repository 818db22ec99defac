// Hardening end to end, the built binary against a loopback server: statuses the docs do not list
// count as "not finished" everywhere, and a Retry-After that makes no sense is ignored.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, lastErrorDocument, runCli, startServer, type TestServer } from './harness.js';

function importDocument(id: string, tableStatus: string) {
  return {
    data_import: {
      id,
      created_at: '2024-06-25T09:58:32Z',
      launched_at: '2024-06-25T10:03:27Z',
      finished_at: '2024-06-25T10:14:12Z',
      status: 'finished',
      progress: 100,
      data_tables_details: [
        {
          type: 'api',
          status: tableStatus,
          data_table_key: 'companies',
          progress: 100,
          number_of_records: 10,
          error: null,
        },
      ],
    },
  };
}

/** Retry-After values by import id: each of these ids answers 503 with it, forever. */
const RETRY_AFTER: Record<string, () => string> = {
  'ra-negative': () => '-5',
  'ra-zero': () => '0',
  'ra-past': () => new Date(Date.now() - 3_600_000).toUTCString(),
  'ra-hour': () => '3600',
};

let server: TestServer;
/** Wall time of every request, by import id. */
const seen = new Map<string, number[]>();
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer((request, response) => {
    const id = decodeURIComponent(request.url?.replace(/^\/v1\/imports\//, '') ?? '');
    const times = seen.get(id) ?? [];
    times.push(Date.now());
    seen.set(id, times);
    const retryAfter = RETRY_AFTER[id];
    if (retryAfter) return json(response, 503, { message: 'busy' }, { 'retry-after': retryAfter() });
    // "weird-then-done" is weird for its first two answers, then really finished.
    const weird = id === 'weird' || (id === 'weird-then-done' && times.length <= 2);
    return json(response, 200, importDocument(id, weird ? 'weird' : 'finished'));
  });
  env = { QOBRA_BASE_URL: server.url };
});
afterAll(() => server.close());

const WARNING = 'reports status "weird", which Qobra\'s docs do not list; counting it as not finished';

describe('a finished import whose data table reports "weird"', () => {
  it.each([
    ['status', ['status', 'weird']],
    ['status --json', ['status', 'weird', '--json']],
    ['errors', ['errors', 'weird']],
    ['errors --json', ['errors', 'weird', '--json']],
  ])('%s: not finished, exit 8, with the warning', async (_name, args) => {
    const run = await runCli(args, { env });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain(WARNING);
  });

  it('watch keeps waiting for it: looks again and again, and runs into --timeout (124)', async () => {
    const before = seen.get('weird')?.length ?? 0;
    const run = await runCli(['watch', 'weird', '--interval', '0.1', '--timeout', '2'], { env });
    expect(run.code).toBe(124);
    expect(run.stderr).toContain(WARNING);
    expect((seen.get('weird')?.length ?? 0) - before).toBeGreaterThan(2);
  });

  it('watch stops once every level says finished, and exits 0', async () => {
    const run = await runCli(['watch', 'weird-then-done', '--interval', '0.1', '--timeout', '10'], { env });
    expect(run.code).toBe(0);
    expect(seen.get('weird-then-done')).toHaveLength(3);
  });
});

describe('Retry-After that makes no sense is ignored', () => {
  it('-5, 0 and a past date: status falls back to its backoff (4 attempts over seconds, not at once)', async () => {
    const ids = ['ra-negative', 'ra-zero', 'ra-past'];
    // Side by side: each run takes 3.5 to 7 s of real backoff.
    const runs = await Promise.all(
      ids.map((id) => runCli(['status', id, '--json'], { env, timeoutMs: 20_000 })),
    );
    for (const [index, id] of ids.entries()) {
      const run = runs[index];
      expect(run?.code).toBe(5);
      expect(lastErrorDocument(run?.stderr ?? '').error.code).toBe('unavailable');
      expect(run?.stderr).not.toContain("as the server's Retry-After asks");
      const times = seen.get(id) ?? [];
      expect(times).toHaveLength(4);
      // Backoff with equal jitter waits at least 0.5 + 1 + 2 s; before, the four came within 0.25 s.
      expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(3_000);
    }
  }, 30_000);

  const interruptAtRetry = (child: ChildProcess) => {
    child.stderr?.on('data', (chunk: Buffer | string) => {
      if (String(chunk).includes('retrying in')) child.kill('SIGINT');
    });
  };

  it('status does not claim the server asked for the capped wait', async () => {
    const before = seen.get('ra-hour')?.length ?? 0;
    const run = await runCli(['status', 'ra-hour'], { env, onSpawn: interruptAtRetry });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(
      "HTTP 503; retrying in 1m 00s (the cap: the server's Retry-After asked for 1h 00m)",
    );
    expect(run.stderr).not.toContain("as the server's Retry-After asks");
    expect((seen.get('ra-hour')?.length ?? 0) - before).toBe(1);
  });

  it('nor does watch', async () => {
    const run = await runCli(['watch', 'ra-hour', '--timeout', '30'], { env, onSpawn: interruptAtRetry });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(
      /import ra-hour: HTTP 503; retrying in 1m 00s \(the cap: the server's Retry-After asked for 1h 00m\)/,
    );
    expect(run.stderr).not.toContain("as the server's Retry-After asks");
  });
});
