// Many ids: `status` with 50 ids against a loopback server that answers each request after 100 ms,
// wall time of the whole command (start-up included), in alternating rounds with a bare `node -e ''`
// for scale; the server counts the most requests it had in flight at once.
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, failure, median, run, verdict } from './lib/proc.mjs';
import { benchIds, startSlowServer } from './lib/servers.mjs';

const IDS = 50;
const DELAY_MS = 100;
const TARGET_MS = 700;

export async function measureStatusMany({ rounds = 5 } = {}) {
  const server = await startSlowServer(DELAY_MS);
  // A home of its own, so the history file is written as a user's would be.
  const home = mkdtempSync(join(tmpdir(), 'qobra-bench-status-'));
  const devNull = openSync('/dev/null', 'w');
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    NO_PROXY: '*',
    QOBRA_BASE_URL: server.url,
    QOBRA_API_KEY: 'bench',
  };
  const ids = benchIds(IDS, 0x5000);
  const candidates = {
    node: { argv: [process.execPath, '-e', ''], ms: [], inFlight: [] },
    human: { argv: [process.execPath, BIN, 'status', ...ids], ms: [], inFlight: [] },
    json: { argv: [process.execPath, BIN, 'status', ...ids, '--json'], ms: [], inFlight: [] },
  };
  const names = Object.keys(candidates);
  try {
    // One untimed round first: the page cache, and the history file's first write.
    for (let round = -1; round < rounds; round++) {
      for (let k = 0; k < names.length; k++) {
        const c = candidates[names[(k + Math.max(round, 0)) % names.length]];
        if (c.failed) continue;
        server.reset();
        const result = await run(c.argv, { env, stdout: devNull, limitMs: 30_000 });
        if (result.code !== 0) c.failed = failure(result);
        const { requests, maxInFlight } = server.stats();
        if (c !== candidates.node && requests !== IDS && !c.failed)
          c.failed = `${requests} requests for ${IDS} ids`;
        if (round < 0) continue;
        c.ms.push(result.ms);
        c.inFlight.push(maxInFlight);
      }
    }
    const out = (c) => ({
      failed: c.failed ?? null,
      ms: c.failed ? null : median(c.ms),
      maxInFlight: Math.max(0, ...c.inFlight),
    });
    return {
      ids: IDS,
      delayMs: DELAY_MS,
      rounds,
      node: out(candidates.node),
      human: out(candidates.human),
      json: out(candidates.json),
    };
  } finally {
    closeSync(devNull);
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

export function statusManyReport(m) {
  const waves = Math.ceil(m.ids / 16);
  const lines = [
    `status with ${m.ids} ids, each answered after ${m.delayMs} ms (${m.rounds} alternating rounds, medians; wall time, start-up included):`,
  ];
  for (const [name, label] of [
    ['human', 'status (piped)'],
    ['json', 'status --json'],
  ]) {
    const c = m[name];
    lines.push(
      c.failed
        ? `  ${label.padEnd(16)} failed: ${c.failed}`
        : `  ${label.padEnd(16)} ${c.ms.toFixed(0).padStart(5)} ms  (target <= ${TARGET_MS} ms: ${verdict(c.ms <= TARGET_MS)}), at most ${c.maxInFlight} requests in flight`,
    );
  }
  lines.push(
    `  node -e ''       ${m.node.ms.toFixed(0).padStart(5)} ms  (for scale; 16 in flight would need ${waves} rounds of ${m.delayMs} ms)`,
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = await measureStatusMany({ rounds: process.env.BENCH_QUICK === '1' ? 3 : 5 });
  for (const line of statusManyReport(m)) console.log(line);
}
