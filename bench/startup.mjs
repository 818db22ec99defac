// Start-up cost: `status --json` and human `status` against a loopback server, each run alternately
// with a bare `node -e ''` so both see the same machine load; reports median ratios, not seconds.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/qobra-imports.js', import.meta.url));
const FIXTURE = readFileSync(new URL('../../shared/fixtures/fetch-import-example.json', import.meta.url));
const ID = '647a13fe875af4b4eb7133c2';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function timeRun(args, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/** Runs the candidates round-robin `pairs` times; returns per-candidate medians in ms. */
export async function measureStartup({ pairs = 21 } = {}) {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(FIXTURE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const env = {
    PATH: process.env.PATH,
    HOME: '/nonexistent',
    QOBRA_API_KEY: 'bench',
    QOBRA_BASE_URL: `http://127.0.0.1:${server.address().port}/v1`,
  };
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
async function timeAsync(args, env) {
  const { spawn } = await import('node:child_process');
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
  const m = await measureStartup({ pairs });
  console.log(
    `start-up (${pairs} rounds, medians): node -e '' ${m.node.toFixed(1)} ms, status --json ${m.json.toFixed(1)} ms, status ${m.human.toFixed(1)} ms`,
  );
  console.log(`  status --json / node: ${(m.json / m.node).toFixed(2)}x (target <= 1.8x)`);
  console.log(`  status (piped) / node: ${(m.human / m.node).toFixed(2)}x (target <= 2.2x)`);
}
void timeRun;
