// Start-up cost: `status --json` against a loopback server (the built CLI's sandbox, serving Qobra's
// documented example) as a ratio to a bare `node -e ''`, in three environments, every candidate of every
// environment run in turn in one loop so all see the same machine load; reports median ratios, not
// seconds:
// - `minimal`: PATH and HOME only, the strict figure (bare `node` starts in ~25 ms);
// - `inherited`: the environment the bench runs in. On these machines NODE_EXTRA_CA_CERTS is set, so
//   every Node process parses a CA bundle at start-up (bare `node` ~70 ms on Node 20 and 22), which
//   makes every ratio smaller;
// - `flags`: PATH and HOME with NODE_OPTIONS=--max-old-space-size=4096 (common in CI): V8 rejects a
//   code cache made without such flags, Node 20 and 22 compile their own built-in modules (node:http,
//   node:net…) from source under them, and the CLI keeps a cache of its own per set of flags.
// Human `status` (piped) and a bare node:http GET of the same document are measured too, in the minimal
// environment, without a target: the GET is the floor any HTTP client starts from.
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

/** The environments, in report order, with the target ratio of `status --json` to `node -e ''`. */
export const ENVIRONMENTS = [
  { name: 'minimal', label: 'PATH and HOME only', target: 1.6 },
  { name: 'inherited', label: 'inherited environment', target: 1.8 },
  { name: 'flags', label: `+ NODE_OPTIONS=${FLAGS}`, target: 1.7 },
];

// The floor any HTTP client starts from: a bare node:http GET of the same document, printed.
const BARE_GET = `require('node:http').get(process.env.QOBRA_BASE_URL + '/imports/${ID}',
  { headers: { 'x-api-key': process.env.QOBRA_API_KEY } },
  (response) => response.pipe(process.stdout));`;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Runs every candidate round-robin `pairs` times with `node`; returns medians in ms, per environment
 * `{ node, json }`, and `human` and `get` (minimal environment).
 */
export async function measureStartup({ pairs = 21, node = process.execPath } = {}) {
  // A home of its own: the caches a run keeps (for another Node than the build's, or under flags)
  // start empty, and the warm-up round below fills them, as a user's first run would.
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
    };
    const minimal = { PATH: process.env.PATH, ...common };
    const envs = {
      minimal,
      inherited: { ...process.env, FORCE_COLOR: undefined, NODE_OPTIONS: undefined, ...common },
      flags: { ...minimal, NODE_OPTIONS: FLAGS },
    };
    const candidates = Object.entries(envs).flatMap(([name, env]) => [
      [`${name}.node`, ['-e', ''], env],
      [`${name}.json`, [BIN, 'status', ID, '--json'], env],
    ]);
    candidates.push(['minimal.human', [BIN, 'status', ID], minimal]);
    candidates.push(['minimal.get', ['-e', BARE_GET], minimal]);
    const samples = Object.fromEntries(candidates.map(([name]) => [name, []]));
    // Warm the file cache (and the code caches) once so the first round is not an outlier.
    for (const [, args, env] of candidates) await timeAsync(node, args, env);
    for (let i = 0; i < pairs; i++) {
      for (const [name, args, env] of candidates) samples[name].push(await timeAsync(node, args, env));
    }
    const result = {};
    for (const [key, values] of Object.entries(samples)) {
      const [environment, what] = key.split('.');
      result[environment] = { ...result[environment], [what]: median(values) };
    }
    return result;
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
  const lines = [];
  for (const { name, label, target } of ENVIRONMENTS) {
    const { node, json } = m[name];
    const ratio = json / node;
    lines.push(
      `  ${label.padEnd(42)} node -e '' ${node.toFixed(1).padStart(5)} ms, ${json.toFixed(1).padStart(5)} ms: ${ratio.toFixed(2)}x  (target <= ${target}x: ${verdict(ratio <= target)})`,
    );
  }
  const { node, human, get } = m.minimal;
  const reference = (label, ms) =>
    `  ${label.padEnd(42)} ${' '.repeat(17)} ${ms.toFixed(1).padStart(5)} ms: ${(ms / node).toFixed(2)}x  (no target)`;
  lines.push(reference('human status (piped), PATH and HOME only', human));
  lines.push(reference('bare node:http GET, PATH and HOME only', get));
  return lines;
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
    const m = await measureStartup({ pairs, node });
    console.log(
      `start-up on Node ${version}, status --json vs node -e '' (${pairs} alternating rounds, medians; "+" adds to PATH and HOME only):`,
    );
    for (const line of startupReport(m, verdict)) console.log(line);
  }
}
