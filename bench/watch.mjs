// Watch figures, each against its own fresh sandbox (served by the built CLI) so request counters
// and scenario clocks start at zero:
//  - the stuck import watched for 20 s with default settings, piped and on a pseudo-terminal: the
//    requests the sandbox logged for it, and the CPU time (user + sys) of the watch process;
//  - the clean import: how long after it finishes the watch process exits, and the interval in
//    force then (the gap between the sandbox's last two look-ups).
// The runs overlap in time (about 25 s in all instead of about 85 s one after the other): the
// watches are idle between look-ups, and the stuck ones start 3 s after the clean ones so their
// start-up and time-out work does not fall on the moment the clean import finishes.
// `{ sequential: true }` runs them one after another instead.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxUrl } from './sandbox-url.mjs';

const BIN = fileURLToPath(new URL('../bin/qobra-imports.js', import.meta.url));
const PLANS = fileURLToPath(new URL('../src/sandbox/plans.ts', import.meta.url));
const STUCK_ID = '64b0c1ea0000000000000004';
const CLEAN_ID = '64b0c1ea0000000000000001';
const STUCK_FOR = '20s';
/** The default --interval, for the report only: the figure returned is the gap the sandbox saw. */
const DEFAULT_INTERVAL_MS = 2_000;
/** The clean-import run that is started mid-interval: its first look-up comes this long after the scenario's. */
const SHIFT_MS = 1_000;
/** The stuck runs start this long after the clean ones when overlapping. */
const STAGGER_MS = 3_000;
/** GNU time reports the child's CPU seconds (%U %S); without it, a preloaded hook reads resourceUsage(). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
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
const quote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;

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

/** The argv prefix that runs node with its CPU seconds written to `file` ("user sys" on the last line). */
function nodeWithCpu(file, scratch) {
  if (GNU_TIME) return { argv: [GNU_TIME, '-f', '%U %S', '-o', file, process.execPath], env: {} };
  // CommonJS (--require), as the ES module loader would slow the CLI's start-up down.
  const hook = join(scratch, 'cpu-hook.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(process.env.QI_BENCH_CPU_FILE, u.userCPUTime / 1e6 + ' ' + u.systemCPUTime / 1e6 + '\\n'); });\n",
  );
  return { argv: [process.execPath, '--require', hook], env: { QI_BENCH_CPU_FILE: file } };
}

function readCpuSeconds(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const [user, sys] = lines.at(-1).split(' ').map(Number);
  if (!Number.isFinite(user) || !Number.isFinite(sys)) throw new Error(`no CPU times in ${file}: ${lines}`);
  return user + sys;
}

const expectExit = (result, code, what) => {
  if (result.code !== code)
    throw new Error(`${what} exited ${result.code}, expected ${code}: ${result.stderr.trim()}`);
};

/** The stuck import watched for 20 s, piped or on a pseudo-terminal: requests made and CPU used. */
async function stuckRun({ terminal, baseEnv, scratch }) {
  const sandbox = await startSandbox(baseEnv);
  try {
    const cpuFile = join(scratch, terminal ? 'cpu-terminal' : 'cpu-piped');
    const wrapper = nodeWithCpu(cpuFile, scratch);
    const env = { ...baseEnv, ...wrapper.env, QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'bench' };
    const argv = [...wrapper.argv, BIN, 'watch', STUCK_ID, '--timeout', STUCK_FOR];
    let result;
    if (terminal) {
      // script gives the watch a pseudo-terminal; stty sizes it (else Node sees 0 columns and no spinner).
      const command = `stty cols 100 rows 30 2>/dev/null; exec ${argv.map(quote).join(' ')}`;
      result = await run(SCRIPT, ['-qfec', command, '/dev/null'], {
        ...env,
        SHELL: '/bin/sh',
        TERM: 'xterm-256color',
        COLUMNS: '100',
        LINES: '30',
      });
    } else {
      result = await run(argv[0], argv.slice(1), env);
    }
    expectExit(result, 124, `watch ${STUCK_ID} --timeout ${STUCK_FOR}${terminal ? ' (terminal)' : ''}`);
    await sandbox.stop();
    return {
      requests: sandbox.requests(STUCK_ID).length,
      cpuSeconds: readCpuSeconds(cpuFile),
      outputLines: result.stdout.split('\n').filter((line) => line.trim() !== '').length,
    };
  } finally {
    await sandbox.stop();
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

/** Returns request counts, CPU seconds and detection delays (ms); see the header comment. */
export async function measureWatch({ sequential = false } = {}) {
  const baseEnv = { PATH: process.env.PATH, HOME: '/nonexistent' };
  const scratch = mkdtempSync(join(tmpdir(), 'qobra-bench-watch-'));
  const endMs = cleanEndMs();
  const piped = () => stuckRun({ terminal: false, baseEnv, scratch });
  const terminal = () => (SCRIPT ? stuckRun({ terminal: true, baseEnv, scratch }) : Promise.resolve(null));
  const aligned = () => cleanRun({ shiftMs: 0, baseEnv, endMs });
  const shifted = () => cleanRun({ shiftMs: SHIFT_MS, baseEnv, endMs });
  try {
    let results;
    if (sequential) {
      results = [];
      for (const task of [piped, terminal, aligned, shifted]) results.push(await task());
    } else {
      const clean = Promise.all([aligned(), shifted()]);
      const stuck = sleep(STAGGER_MS).then(() => Promise.all([piped(), terminal()]));
      // Both settle before anything is thrown, so no run is left behind.
      const [cleanDone, stuckDone] = await Promise.allSettled([clean, stuck]);
      for (const done of [cleanDone, stuckDone]) if (done.status === 'rejected') throw done.reason;
      results = [...stuckDone.value, ...cleanDone.value];
    }
    const [p, t, a, s] = results;
    return {
      requests: p.requests,
      requestsTerminal: t ? t.requests : null,
      cpuSecondsPiped: p.cpuSeconds,
      cpuSecondsTerminal: t ? t.cpuSeconds : null,
      pipedOutputLines: p.outputLines,
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

if (import.meta.url === `file://${process.argv[1]}`) {
  const sequential = process.env.BENCH_SEQUENTIAL === '1';
  const started = performance.now();
  const m = await measureWatch({ sequential });
  const took = ((performance.now() - started) / 1000).toFixed(0);
  const cpuHow = GNU_TIME ? '/usr/bin/time -f "%U %S"' : 'process.resourceUsage()';
  const ms = (value) => `${Math.round(value)} ms`;
  console.log(
    `watch (${sequential ? 'runs one after another' : 'runs overlapping'}, ${took} s; CPU = user + sys via ${cpuHow}):`,
  );
  console.log(
    `  stuck import, ${STUCK_FOR}, piped: ${m.requests} requests (target 3 to 12), CPU ${m.cpuSecondsPiped.toFixed(2)} s (target <= 0.6 s), ${m.pipedOutputLines} lines printed`,
  );
  console.log(
    m.cpuSecondsTerminal === null
      ? '  stuck import on a terminal: skipped (no /usr/bin/script)'
      : `  stuck import, ${STUCK_FOR}, terminal 100x30: ${m.requestsTerminal} requests, CPU ${m.cpuSecondsTerminal.toFixed(2)} s`,
  );
  console.log(
    `  clean import finished -> watch exited: ${ms(m.detectionDelayMs)} (target <= interval in force, ${ms(m.intervalMs)}; default --interval ${DEFAULT_INTERVAL_MS / 1000} s)`,
  );
  console.log(
    `    seen by a look-up after ${ms(m.detectionSeenAfterMs)}; from finished_at (whole seconds): ${ms(m.detectionDelayFromFinishedAtMs)}`,
  );
  console.log(
    `  same, finish falling mid-interval (watch started ${SHIFT_MS / 1000} s after the scenario): ${ms(m.shiftedDetectionDelayMs)} (interval in force ${ms(m.shiftedIntervalMs)})`,
  );
}
