// Big imports: `errors --json` on the sandbox's 100,000-row import vs `curl | jq` doing the same
// flattening, run alternately against one sandbox (served by the built CLI) so both see the same
// machine load; reports median wall times, their ratio, and the CLI's peak memory (max RSS).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { sandboxUrl } from './sandbox-url.mjs';

const BIN = fileURLToPath(new URL('../bin/qobra-imports.js', import.meta.url));
const BIG_ID = '64b0c1ea0000000000000003';
const EXPECTED_ROWS = 100_000;
/** Lines of each output parsed and compared, object by object, in the check before timing. */
const COMPARED_LINES = 1_000;
const JQ_FILTER =
  '.data_import as $i | $i.data_tables_details[] | select(.error != null) | . as $t | $t.error.parsing_error_details[] | {import_id: $i.id, data_table_key: $t.data_table_key, title: $t.error.title, description: $t.error.description, line_number, row, details}';
/** GNU time reports the child's max RSS in KiB (%M); without it, a preloaded hook reads resourceUsage(). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const RUN_LIMIT_MS = 120_000;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const hasCommand = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

/** Runs the built CLI's sandbox on a free loopback port; resolves once its URL is printed. */
async function startSandbox(env) {
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.resume();
  const closed = new Promise((resolve) => child.on('close', resolve));
  const url = await sandboxUrl(child);
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/**
 * Spawns a command; resolves with its wall time (spawn to exit) and exit code. `stdout` is a file
 * descriptor, or 'pipe' with `onStdout` reading the chunks.
 */
function run(command, args, { env, stdout, onStdout, okCodes, quiet = false }) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', stdout, 'pipe'] });
    let stderr = '';
    let ms = 0;
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 4_000) stderr += chunk;
    });
    if (onStdout) child.stdout.on('data', onStdout);
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('error', reject);
    child.on('exit', () => {
      ms = Number(process.hrtime.bigint() - started) / 1e6;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // A crash exits 1 too, like "rows were rejected": for the CLI, any stderr output means trouble.
      if (!okCodes.includes(code) || (quiet && stderr !== ''))
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      else resolve({ ms, code });
    });
  });
}

/** Counts the lines of a command's stdout and keeps the first `keep` of them. */
async function captureLines(command, args, options, keep) {
  let count = 0;
  let head = '';
  const onStdout = (chunk) => {
    if (count < keep) head += chunk.toString('utf8');
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  };
  await run(command, args, { ...options, stdout: 'pipe', onStdout });
  return { count, first: head.split('\n').slice(0, keep) };
}

/** Reads the KiB figure `/usr/bin/time -f %M -o FILE` (or the hook) left in its last line. */
function readMaxRssKiB(file) {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const kib = Number(lines.at(-1));
  if (!Number.isFinite(kib) || kib <= 0) throw new Error(`no max RSS in ${file}: ${lines.join(' / ')}`);
  return kib;
}

/** Returns median wall times over `rounds` alternating pairs, their ratio and the CLI's peak RSS. */
export async function measureErrors({ rounds = 5 } = {}) {
  if (!hasCommand('curl')) return { skipped: 'curl not installed' };
  if (!hasCommand('jq')) return { skipped: 'jq not installed' };

  // A bare environment: no config file, and no proxy variables between the clients and loopback.
  const baseEnv = { PATH: process.env.PATH, HOME: '/nonexistent' };
  const scratch = mkdtempSync(join(tmpdir(), 'qobra-bench-errors-'));
  const rssFile = join(scratch, 'maxrss');
  const devNull = openSync('/dev/null', 'w');
  const sandbox = await startSandbox(baseEnv);
  try {
    const cliEnv = { ...baseEnv, QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'bench' };
    const cliArgs = [BIN, 'errors', BIG_ID, '--json'];
    let cli;
    if (GNU_TIME) {
      cli = {
        command: GNU_TIME,
        args: ['-f', '%M', '-o', rssFile, process.execPath, ...cliArgs],
        env: cliEnv,
      };
    } else {
      // CommonJS (--require), as the ES module loader would slow the CLI's start-up down.
      const hook = join(scratch, 'maxrss-hook.cjs');
      writeFileSync(
        hook,
        "process.on('exit', () => require('node:fs').writeFileSync(process.env.QI_BENCH_RSS_FILE, process.resourceUsage().maxRSS + '\\n'));\n",
      );
      cli = {
        command: process.execPath,
        args: ['--require', hook, ...cliArgs],
        env: { ...cliEnv, QI_BENCH_RSS_FILE: rssFile },
      };
    }
    const pipeline = `curl -s -H 'X-API-Key: bench' '${sandbox.url}/imports/${BIG_ID}' | jq -c '${JQ_FILTER}'`;
    const jq = { command: 'bash', args: ['-o', 'pipefail', '-c', pipeline], env: baseEnv };
    // Rows were rejected, so the CLI exits 1 (0 would mean none: the line count check catches it).
    const cliOptions = { env: cli.env, okCodes: [0, 1], quiet: true };
    const jqOptions = { env: jq.env, okCodes: [0] };

    // Check once, untimed, that both print the same rows; this also warms both (the sandbox builds
    // the 22 MB body on its first request, and the page cache learns node, the bundle, curl and jq).
    const fromCli = await captureLines(cli.command, cli.args, cliOptions, COMPARED_LINES);
    const fromJq = await captureLines(jq.command, jq.args, jqOptions, COMPARED_LINES);
    if (fromCli.count !== EXPECTED_ROWS || fromJq.count !== EXPECTED_ROWS)
      throw new Error(
        `expected ${EXPECTED_ROWS} lines each, got cli ${fromCli.count}, curl|jq ${fromJq.count}`,
      );
    for (let i = 0; i < COMPARED_LINES; i++) {
      if (!isDeepStrictEqual(JSON.parse(fromCli.first[i]), JSON.parse(fromJq.first[i])))
        throw new Error(
          `line ${i + 1} differs:\n  cli:     ${fromCli.first[i]}\n  curl|jq: ${fromJq.first[i]}`,
        );
    }

    const cliMs = [];
    const jqMs = [];
    const rssKiB = [];
    const timeCli = async () => {
      rmSync(rssFile, { force: true });
      cliMs.push((await run(cli.command, cli.args, { ...cliOptions, stdout: devNull })).ms);
      rssKiB.push(readMaxRssKiB(rssFile));
    };
    const timeJq = async () => {
      jqMs.push((await run(jq.command, jq.args, { ...jqOptions, stdout: devNull })).ms);
    };
    // Alternate which goes first, so neither always runs right after the other.
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) {
        await timeCli();
        await timeJq();
      } else {
        await timeJq();
        await timeCli();
      }
    }
    const cliMedian = median(cliMs);
    const jqMedian = median(jqMs);
    return {
      rows: EXPECTED_ROWS,
      rounds,
      cliMs: cliMedian,
      curlJqMs: jqMedian,
      ratio: cliMedian / jqMedian,
      cliPeakRssMiB: Math.max(...rssKiB) / 1024,
      cliMedianRssMiB: median(rssKiB) / 1024,
    };
  } finally {
    closeSync(devNull);
    await sandbox.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const m = await measureErrors({ rounds });
  if (m.skipped) {
    console.log(`errors on a big import: skipped (${m.skipped})`);
  } else {
    const rssHow = GNU_TIME ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS';
    console.log(
      `errors on ${m.rows.toLocaleString('en-US')} rejected rows (${m.rounds} rounds, medians): errors --json ${m.cliMs.toFixed(0)} ms, curl | jq ${m.curlJqMs.toFixed(0)} ms`,
    );
    console.log(`  errors --json / curl|jq: ${m.ratio.toFixed(2)}x (target <= 0.6x)`);
    console.log(
      `  errors --json peak memory: ${m.cliPeakRssMiB.toFixed(0)} MiB max RSS (median ${m.cliMedianRssMiB.toFixed(0)}; ${rssHow}; target <= 300 MiB)`,
    );
  }
}
