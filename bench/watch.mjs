// Watch figures:
//  - stuck imports (a bench server's: 1, and 20 distinct ids) watched for 20 s with default settings,
//    piped and on a 100-column pseudo-terminal: the CPU time (user + sys) of the watch process, and
//    the look-ups made for one import;
//  - the clean import, against its own fresh sandbox (served by the built CLI) so its scenario clock
//    starts at zero: how long after it finishes the watch process exits, and the interval in force
//    then (the gap between the sandbox's last two look-ups).
// The runs overlap in time (about 25 s in all instead of about 2.5 minutes one after the other): the
// watches are idle between look-ups, and the stuck ones start 3 s after the clean ones so their
// start-up and time-out work does not fall on the moment the clean import finishes.
// `{ sequential: true }` runs them one after another instead.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, quote, takeUsage, USAGE_HOW, verdict, withUsage } from './lib/proc.mjs';
import { benchIds, startStuckServer } from './lib/servers.mjs';
import { sandboxUrl } from './sandbox-url.mjs';

const PLANS = fileURLToPath(new URL('../src/sandbox/plans.ts', import.meta.url));
const CLEAN_ID = '64b0c1ea0000000000000001';
const STUCK_FOR = '20s';
/** The pseudo-terminal's size. */
const COLUMNS = 100;
const ROWS = 30;
/** CPU targets on a terminal, by number of stuck imports. */
const TERMINAL_TARGETS = { 1: 0.3, 20: 0.6 };
/** The default --interval, for the report only: the figure returned is the gap the sandbox saw. */
const DEFAULT_INTERVAL_MS = 2_000;
/** The clean-import run that is started mid-interval: its first look-up comes this long after the scenario's. */
const SHIFT_MS = 1_000;
/** The stuck runs start this long after the clean ones when overlapping. */
const STAGGER_MS = 3_000;
const SCRIPT = existsSync('/usr/bin/script') ? '/usr/bin/script' : null;
const RUN_LIMIT_MS = 60_000;

/** When the clean import finishes, in ms after its first request: CLEAN_END_MS in the sandbox's plans. */
function cleanEndMs() {
  try {
    const match = /export const CLEAN_END_MS = ([\d_]+);/.exec(readFileSync(PLANS, 'utf8'));
    if (match) return Number(match[1].replaceAll('_', ''));
  } catch {
    // No sources next to the bench: fall back to the value it had when this was written.
  }
  return 20_000;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the built CLI's sandbox on a free loopback port. `requests(id)` lists the moments
 * (performance.now()) at which its request log (`GET /v1/imports/<id> <status>` on stderr) named the id.
 */
async function startSandbox(env) {
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = [];
  let partial = '';
  child.stderr.on('data', (chunk) => {
    const at = performance.now();
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) log.push({ at, line });
  });
  const closed = new Promise((resolve) => child.on('close', resolve));
  const url = await sandboxUrl(child);
  child.stdout.resume();
  return {
    url,
    requests(id) {
      const pattern = new RegExp(`^GET /v1/imports/${id} \\S+$`);
      return log.filter((entry) => pattern.test(entry.line)).map((entry) => entry.at);
    },
    /** SIGINT, then waits until its output is all read (so `requests` is complete). */
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/** Spawns a command and collects its stdout; resolves with its exit code and the moment it exited. */
function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let exitedAt = 0;
    let exitedAtWall = 0;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 4_000) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('exit', () => {
      exitedAt = performance.now();
      exitedAtWall = Date.now();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, exitedAt, exitedAtWall });
    });
  });
}

const expectExit = (result, code, what) => {
  if (result.code !== code)
    throw new Error(`${what} exited ${result.code}, expected ${code}: ${result.stderr.trim()}`);
};

/**
 * `count` stuck imports (a bench server's, so there can be 20 distinct ids) watched for 20 s, piped or
 * on a pseudo-terminal: requests made for the first id, and the CPU time of the watch process.
 */
async function stuckRun({ count, terminal, baseEnv, scratch }) {
  const server = await startStuckServer();
  try {
    const ids = benchIds(count);
    const usageFile = join(scratch, `usage-${count}-${terminal ? 'terminal' : 'piped'}`);
    const wrapped = withUsage(
      [process.execPath, BIN, 'watch', ...ids, '--timeout', STUCK_FOR],
      usageFile,
      scratch,
    );
    const env = { ...baseEnv, ...wrapped.env, QOBRA_BASE_URL: server.url, QOBRA_API_KEY: 'bench' };
    let result;
    if (terminal) {
      // script gives the watch a pseudo-terminal; stty sizes it (else Node sees 0 columns and no spinner).
      const command = `stty cols ${COLUMNS} rows ${ROWS} 2>/dev/null; exec ${wrapped.argv.map(quote).join(' ')}`;
      result = await run(SCRIPT, ['-qfec', command, '/dev/null'], {
        ...env,
        SHELL: '/bin/sh',
        TERM: 'xterm-256color',
        COLUMNS: String(COLUMNS),
        LINES: String(ROWS),
      });
    } else {
      result = await run(wrapped.argv[0], wrapped.argv.slice(1), env);
    }
    const how = `watch of ${count} stuck import${count > 1 ? 's' : ''} --timeout ${STUCK_FOR}${terminal ? ' (terminal)' : ''}`;
    expectExit(result, 124, how);
    const usage = takeUsage(usageFile);
    if (!usage) throw new Error(`${how}: no CPU figure`);
    return {
      requests: server.requests(ids[0]),
      cpuSeconds: usage.cpuSeconds,
      outputBytes: Buffer.byteLength(result.stdout),
    };
  } finally {
    await server.close();
  }
}

/**
 * The clean import watched with `--json` and the default interval until it finishes. The scenario
 * clock starts at the first request. Without `shiftMs` that is the watch's own, and where the
 * finish falls between two look-ups depends on the jitter of the one backed-off wait (the import
 * is still scheduled at the second look-up): anywhere from 0 to one interval. With `shiftMs`, the
 * bench makes the first request itself and starts the watch `shiftMs` later: the look-ups then
 * come at shiftMs + k intervals (the launch at 3 s is a change, which resets the cadence), so the
 * finish falls `shiftMs` before one.
 */
async function cleanRun({ shiftMs, baseEnv, endMs }) {
  const sandbox = await startSandbox(baseEnv);
  try {
    const env = { ...baseEnv, QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'bench' };
    if (shiftMs > 0) {
      const response = await fetch(`${sandbox.url}/imports/${CLEAN_ID}`, {
        headers: { 'X-API-Key': 'bench' },
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`priming request answered ${response.status}`);
      await sleep(shiftMs);
    }
    // A timeout only as a safety net: it is far beyond the finish and never shortens a wait before it.
    const result = await run(process.execPath, [BIN, 'watch', CLEAN_ID, '--json', '--timeout', '60s'], env);
    expectExit(result, 0, `watch ${CLEAN_ID} --json`);
    await sandbox.stop();
    const requests = sandbox.requests(CLEAN_ID);
    const finishedAt = requests[0] + endMs;
    const final = JSON.parse(result.stdout.trim().split('\n').at(-1)).data_import;
    if (final.status !== 'finished') throw new Error(`the last line's status is ${final.status}`);
    return {
      // From the first request the sandbox logged, plus CLEAN_END_MS, to the watch process's exit.
      delayMs: result.exitedAt - finishedAt,
      // Of which: until the look-up that saw it finished was answered.
      seenAfterMs: requests.at(-1) - finishedAt,
      // Cross-check from the final document: finished_at has whole seconds (rounded down), so this
      // is the delay plus up to one second.
      delayFromFinishedAtMs: result.exitedAtWall - Date.parse(final.finished_at),
      intervalMs: requests.at(-1) - requests.at(-2),
      requests: requests.length,
    };
  } finally {
    await sandbox.stop();
  }
}

/** Returns the stuck runs' CPU seconds and look-ups, and the clean runs' detection delays (ms). */
export async function measureWatch({ sequential = false } = {}) {
  const baseEnv = { PATH: process.env.PATH, HOME: '/nonexistent' };
  const scratch = mkdtempSync(join(tmpdir(), 'qobra-bench-watch-'));
  const endMs = cleanEndMs();
  const stuckPlans = [1, 20].flatMap((count) =>
    [false, ...(SCRIPT ? [true] : [])].map((terminal) => ({ count, terminal })),
  );
  const stuckTasks = stuckPlans.map((plan) => () => stuckRun({ ...plan, baseEnv, scratch }));
  const cleanTasks = [0, SHIFT_MS].map((shiftMs) => () => cleanRun({ shiftMs, baseEnv, endMs }));
  try {
    let stuck;
    let clean;
    if (sequential) {
      stuck = [];
      clean = [];
      for (const task of stuckTasks) stuck.push(await task());
      for (const task of cleanTasks) clean.push(await task());
    } else {
      const cleanAll = Promise.all(cleanTasks.map((task) => task()));
      const stuckAll = sleep(STAGGER_MS).then(() => Promise.all(stuckTasks.map((task) => task())));
      // Both settle before anything is thrown, so no run is left behind.
      const [cleanDone, stuckDone] = await Promise.allSettled([cleanAll, stuckAll]);
      for (const done of [cleanDone, stuckDone]) if (done.status === 'rejected') throw done.reason;
      stuck = stuckDone.value;
      clean = cleanDone.value;
    }
    const [a, s] = clean;
    return {
      stuck: stuckPlans.map((plan, i) => ({ ...plan, ...stuck[i] })),
      detectionDelayMs: a.delayMs,
      detectionSeenAfterMs: a.seenAfterMs,
      detectionDelayFromFinishedAtMs: a.delayFromFinishedAtMs,
      intervalMs: a.intervalMs,
      shiftedDetectionDelayMs: s.delayMs,
      shiftedSeenAfterMs: s.seenAfterMs,
      shiftedIntervalMs: s.intervalMs,
      cleanEndMs: endMs,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The report's lines. */
export function watchReport(m) {
  const ms = (value) => `${Math.round(value)} ms`;
  const lines = [
    `watch, stuck imports for ${STUCK_FOR}, default settings (CPU = user + sys via ${USAGE_HOW}):`,
  ];
  for (const r of m.stuck) {
    const what = `${String(r.count).padStart(2)} import${r.count > 1 ? 's' : ' '}, ${r.terminal ? `terminal ${COLUMNS}x${ROWS}` : 'piped'}`;
    const target = TERMINAL_TARGETS[r.count];
    const goal =
      r.terminal && target !== undefined
        ? `  (target <= ${target} s: ${verdict(r.cpuSeconds <= target)})`
        : !r.terminal && r.count === 1
          ? `  (look-ups: target 3 to 12: ${verdict(r.requests >= 3 && r.requests <= 12)})`
          : '';
    lines.push(
      `  ${what.padEnd(28)} CPU ${r.cpuSeconds.toFixed(2)} s, ${r.requests} look-ups per import${goal}`,
    );
  }
  if (!SCRIPT) lines.push('  (on a terminal: skipped, no /usr/bin/script)');
  lines.push(
    `watch, how long after an import finishes the CLI notices (default --interval ${DEFAULT_INTERVAL_MS / 1000} s):`,
    `  delay                 ${ms(m.detectionDelayMs)} with ${ms(m.intervalMs)} in force  (target <= interval: ${verdict(m.detectionDelayMs <= m.intervalMs)}); seen by a look-up after ${ms(m.detectionSeenAfterMs)}`,
    `  delay, shifted start  ${ms(m.shiftedDetectionDelayMs)} with ${ms(m.shiftedIntervalMs)} in force  (target <= interval: ${verdict(m.shiftedDetectionDelayMs <= m.shiftedIntervalMs)}; watch started ${SHIFT_MS / 1000} s after the scenario)`,
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sequential = process.env.BENCH_SEQUENTIAL === '1';
  const started = performance.now();
  const m = await measureWatch({ sequential });
  for (const line of watchReport(m)) console.log(line);
  const took = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`  (${sequential ? 'runs one after another' : 'runs overlapping'}, ${took} s)`);
}
