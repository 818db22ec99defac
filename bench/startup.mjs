// Start-up cost: `status --json` and human `status` against a loopback server, each run alternately
// with a bare `node -e ''` so both see the same machine load; reports median ratios, not seconds.
//
// The environment matters more than it looks: with NODE_EXTRA_CA_CERTS set (as on these machines),
// every Node process parses a CA bundle at start-up, which makes bare `node` ~2.5x slower and every
// ratio smaller. So both are measured: `inherited` (the environment the bench runs in, which is how
// the reference figures of ~4x unbundled and ~2.4x bundled were taken) and `minimal` (PATH
// and HOME only), the stricter figure.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/qobra-imports.js', import.meta.url));
const FIXTURE = readFileSync(new URL('../test/fixtures/fetch-import-example.json', import.meta.url));
const ID = '647a13fe875af4b4eb7133c2';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs the candidates round-robin `pairs` times; returns per-candidate medians in ms. */
export async function measureStartup({ pairs = 21, environment = 'inherited' } = {}) {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(FIXTURE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const common = {
    QOBRA_API_KEY: 'bench',
    QOBRA_BASE_URL: `http://127.0.0.1:${server.address().port}/v1`,
    // Never let the user's configuration or a proxy into the measurement.
    XDG_CONFIG_HOME: '/nonexistent',
    NO_PROXY: '*',
  };
  const env =
    environment === 'minimal'
      ? { PATH: process.env.PATH, HOME: '/nonexistent', ...common }
      : { ...process.env, FORCE_COLOR: undefined, ...common };
  const candidates = {
    node: ['-e', ''],
    json: [BIN, 'status', ID, '--json'],
    human: [BIN, 'status', ID],
  };
  const samples = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
  // Warm the file cache once so the first pair is not an outlier.
  for (const args of Object.values(candidates)) await timeAsync(args, env);
  for (let i = 0; i < pairs; i++)
    for (const [name, args] of Object.entries(candidates)) samples[name].push(await timeAsync(args, env));
  server.close();
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

// spawnSync would block the loopback server living in this process; run the child asynchronously.
function timeAsync(args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0 && code !== 1) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve(ms);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pairs = Number(process.env.BENCH_PAIRS ?? 21);
  for (const environment of ['inherited', 'minimal']) {
    const m = await measureStartup({ pairs, environment });
    console.log(
      `start-up, ${environment} environment (${pairs} rounds, medians): node -e '' ${m.node.toFixed(1)} ms, status --json ${m.json.toFixed(1)} ms, status ${m.human.toFixed(1)} ms`,
    );
    console.log(`  status --json / node: ${(m.json / m.node).toFixed(2)}x (target <= 1.8x)`);
    console.log(`  status (piped) / node: ${(m.human / m.node).toFixed(2)}x (target <= 2.2x)`);
  }
}
