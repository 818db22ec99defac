// Shared by the benchmarks: spawning a command with its wall time, and reading its CPU time and peak
// memory (max RSS) through GNU time when the machine has it, else through a preloaded hook (node only).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/qobra-imports.js', import.meta.url));
export const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
export const USAGE_HOW = GNU_TIME
  ? '/usr/bin/time -f "%U %S %M"'
  : 'process.resourceUsage() in a preloaded hook';
/** What the benchmarks give the CLI: no config file, no proxy between it and loopback. */
export const BASE_ENV = { PATH: process.env.PATH, HOME: '/nonexistent', NO_PROXY: '*' };

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const verdict = (ok) => (ok ? 'ok' : 'MISSED');
export const quote = (text) => `'${String(text).replaceAll("'", `'\\''`)}'`;
export const hasCommand = (name) =>
  spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
export const mib = (value) => (value === null || value === undefined ? 'n/a' : `${value.toFixed(0)} MiB`);

/**
 * Wraps an argv so that "user sys maxRssKiB" lands in `file`. GNU time takes any command; without it,
 * only node commands can report (CommonJS --require, as the ES module loader would slow start-up).
 */
export function withUsage(argv, file, scratch) {
  if (GNU_TIME) return { argv: [GNU_TIME, '-f', '%U %S %M', '-o', file, ...argv], env: {} };
  if (argv[0] !== process.execPath) return { argv, env: {} };
  const hook = join(scratch, 'usage-hook.cjs');
  writeFileSync(
    hook,
    "process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(process.env.QI_BENCH_USAGE_FILE, u.userCPUTime / 1e6 + ' ' + u.systemCPUTime / 1e6 + ' ' + u.maxRSS + '\\n'); });\n",
  );
  return { argv: [argv[0], '--require', hook, ...argv.slice(1)], env: { QI_BENCH_USAGE_FILE: file } };
}

/** Reads and removes what `withUsage` left: CPU seconds (user + sys) and peak RSS in MiB; null if nothing. */
export function takeUsage(file) {
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  rmSync(file, { force: true });
  const [user, sys, kib] = (lines.at(-1) ?? '').split(' ').map(Number);
  if (![user, sys, kib].every(Number.isFinite)) return null;
  return { cpuSeconds: user + sys, maxRssMiB: kib / 1024 };
}

/**
 * Spawns argv; resolves (never rejects on an exit code) with the wall time from spawn to exit, the
 * exit code and the start of stderr. `stdout` is 'ignore', a file descriptor, or 'pipe' with `onStdout`.
 */
export function run(argv, { env, stdout = 'ignore', onStdout, limitMs = 120_000 }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    let ms = 0;
    let killed = false;
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 4_000) stderr += chunk;
    });
    if (onStdout) child.stdout.on('data', onStdout);
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('error', reject);
    child.on('exit', () => {
      ms = Number(process.hrtime.bigint() - started) / 1e6;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ ms, code, signal, killed, stderr });
    });
  });
}

/** Runs argv with stdout piped; counts its lines and keeps the first `keep` of them. */
export async function captureLines(argv, options, keep) {
  let count = 0;
  // Buffers, decoded once at the end: a chunk may end inside a UTF-8 character.
  const head = [];
  const onStdout = (chunk) => {
    if (count < keep) head.push(chunk);
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  };
  const result = await run(argv, { ...options, stdout: 'pipe', onStdout });
  return { ...result, count, first: Buffer.concat(head).toString('utf8').split('\n').slice(0, keep) };
}

/** "exit 6: qobra-imports: …" for a run that did not end as expected, cut to one short line. */
export function failure(result) {
  const how = result.killed
    ? 'killed after the time limit'
    : result.signal
      ? result.signal
      : `exit ${result.code}`;
  // The CLI's own words when it has some (the JSON error line comes after them), else the last line.
  const lines = result.stderr.trim().split('\n');
  const line = lines.find((text) => text.startsWith('qobra-imports:')) ?? lines.at(-1) ?? '';
  return `${how}${line ? `: ${line.slice(0, 160)}` : ''}`;
}

/**
 * Whether `errors` ended as it should with rows rejected (1) or none (0). A crash exits 1 too, so a
 * stack trace on stderr fails it; other talk there (a warning) does not: the line counts catch the rest.
 */
export const errorsExitedWell = (result) =>
  (result.code === 0 || result.code === 1) && !/^\s+at .+:\d+:\d+\)?$/m.test(result.stderr);
