// Start-up cost: `status --json` and human `status` against a loopback server (the built CLI's
// sandbox, serving Qobra's documented example), each run alternately with a bare `node -e ''` so both
// see the same machine load; reports median ratios, not seconds. The same again with V8 flags in
// NODE_OPTIONS (--max-old-space-size=4096, common in CI), which make V8 reject a code cache made
// without them: that run must not cost more than a plain one.
//
// The environment matters more than it looks: with NODE_EXTRA_CA_CERTS set (as on these machines),
// every Node process parses a CA bundle at start-up, which makes bare `node` ~2.5x slower and every
// ratio smaller. So both are measured: `inherited` (the environment the bench runs in, which is how
// the reference figures of ~4x unbundled and ~2.4x bundled were taken) and `minimal` (PATH
// and HOME only), the stricter figure.
//
// On its own, it measures any Node binaries (the bundle is the one built by `npm run build`):
//   node bench/startup.mjs [--node PATH]...     e.g. --node "$(scripts/ci/fetch-node.sh 24.22.3)"
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sandboxUrl } from './sandbox-url.mjs';

const BIN = fileURLToPath(new URL('../bin/qobra-imports.js', import.meta.url));
const ID = '647a13fe875af4b4eb7133c2';
export const FLAGS = '--max-old-space-size=4096';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs the candidates round-robin `pairs` times with `node`; returns per-candidate medians in ms:
 * node, json, human, and nodeFlags, jsonFlags (the same under NODE_OPTIONS=FLAGS).
 */
export async function measureStartup({
  pairs = 21,
  environment = 'inherited',
  node = process.execPath,
} = {}) {
  // A home of its own: the caches a run may keep (Node 20 under flags) start empty, and the
  // warm-up round below fills them, as a user's first run would.
  const home = mkdtempSync(join(tmpdir(), 'qobra-imports-bench-'));
  const sandbox = spawn(process.execPath, [BIN, 'sandbox', '--port', '0'], {
    env: { PATH: process.env.PATH, HOME: home },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const common = {
      QOBRA_API_KEY: 'bench',
      QOBRA_BASE_URL: await sandboxUrl(sandbox),
      // Never let the user's configuration or a proxy into the measurement.
      XDG_CONFIG_HOME: '/nonexistent',
      NO_PROXY: '*',
      HOME: home,
      XDG_CACHE_HOME: join(home, 'cache'),
      NODE_COMPILE_CACHE: join(home, 'node-compile-cache'),
    };
    const env =
      environment === 'minimal'
        ? { PATH: process.env.PATH, ...common }
        : { ...process.env, FORCE_COLOR: undefined, NODE_OPTIONS: undefined, ...common };
    const flagged = { ...env, NODE_OPTIONS: FLAGS };
    const candidates = {
      node: [['-e', ''], env],
      json: [[BIN, 'status', ID, '--json'], env],
      human: [[BIN, 'status', ID], env],
      nodeFlags: [['-e', ''], flagged],
      jsonFlags: [[BIN, 'status', ID, '--json'], flagged],
    };
    const samples = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
    // Warm the file cache (and the code caches) once so the first pair is not an outlier.
    for (const [args, runEnv] of Object.values(candidates)) await timeAsync(node, args, runEnv);
    for (let i = 0; i < pairs; i++) {
      for (const [name, [args, runEnv]] of Object.entries(candidates)) {
        samples[name].push(await timeAsync(node, args, runEnv));
      }
    }
    return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  } finally {
    sandbox.kill();
    rmSync(home, { recursive: true, force: true });
  }
}

// spawnSync would block this process while the child runs; the timing needs none of it, but keep
// children asynchronous so a hung one cannot hang the bench's own timers.
function timeAsync(node, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(node, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0 && code !== 1) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}

/** The report lines for one measurement (shared with bench/run.mjs). */
export function startupReport(m, verdict) {
  const ratio = (ms, base) => `${(ms / base).toFixed(2)}x node`;
  const row = (label, ms, tail = '') =>
    `  ${label.padEnd(46)}${ms.toFixed(1).padStart(6)} ms  ${tail}`.trimEnd();
  const extra = m.jsonFlags - m.json;
  return [
    row("node -e ''", m.node),
    row(
      'status --json',
      m.json,
      `${ratio(m.json, m.node)}  (target <= 1.8x: ${verdict(m.json / m.node <= 1.8)})`,
    ),
    row(
      'status (piped)',
      m.human,
      `${ratio(m.human, m.node)}  (target <= 2.2x: ${verdict(m.human / m.node <= 2.2)})`,
    ),
    row(`node -e '', NODE_OPTIONS=${FLAGS}`, m.nodeFlags),
    row(
      'status --json, same NODE_OPTIONS',
      m.jsonFlags,
      `${ratio(m.jsonFlags, m.nodeFlags)}; ${extra >= 0 ? '+' : ''}${extra.toFixed(1)} ms vs without (bare node: ${m.nodeFlags - m.node >= 0 ? '+' : ''}${(m.nodeFlags - m.node).toFixed(1)} ms)`,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pairs = Number(process.env.BENCH_PAIRS ?? 21);
  const nodes = process.argv.flatMap((arg, i, all) => (all[i - 1] === '--node' ? [arg] : []));
  const verdict = (ok) => (ok ? 'ok' : 'MISSED');
  for (const node of nodes.length > 0 ? nodes : [process.execPath]) {
    const version = await new Promise((resolve) => {
      const child = spawn(node, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
      });
      child.on('close', () => resolve(out.trim()));
    });
    for (const environment of ['inherited', 'minimal']) {
      const m = await measureStartup({ pairs, environment, node });
      console.log(
        `start-up on Node ${version}, ${environment} environment (${pairs} alternating rounds, medians):`,
      );
      for (const line of startupReport(m, verdict)) console.log(line);
    }
  }
}
