// `npm run bench`: every benchmark, each comparing side by side in one run and reporting ratios
// (these machines are shared and noisy, so absolute times mean little). Runs against the built CLI.
import { measureErrors } from './errors.mjs';
import { measureStartup, startupReport } from './startup.mjs';
import { measureWatch } from './watch.mjs';

const verdict = (ok) => (ok ? 'ok' : 'MISSED');
const pairs = Number(process.env.BENCH_PAIRS ?? 21);

const startup = await measureStartup({ pairs });
console.log(
  `start-up on Node ${process.version}, status --json vs node -e '' against a loopback server (${pairs} alternating rounds, medians; "+" adds to PATH and HOME only)${process.env.NODE_EXTRA_CA_CERTS ? "; the bench's own environment has NODE_EXTRA_CA_CERTS" : ''}:`,
);
for (const line of startupReport(startup, verdict)) console.log(line);
console.log('  (other Node versions: node bench/startup.mjs --node PATH; see the README)');

// Scale: big imports, exact numbers, watch CPU, many ids; each also runs alone (node bench/NAME.mjs).
// BENCH_QUICK=1 runs a reduced set (100k rows only, 3 rounds); BENCH_SIZES=100k,1M picks the sizes.
const { errorsReport, sizesFromEnv } = await import('./errors.mjs');
const { measureNumbers, numbersReport } = await import('./numbers.mjs');
const { watchReport } = await import('./watch.mjs');
const { measureStatusMany, statusManyReport } = await import('./status-many.mjs');
const quick = process.env.BENCH_QUICK === '1';
const timed = async (measure, report) => {
  const started = performance.now();
  const lines = report(await measure());
  lines.push(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  for (const line of lines) console.log(line);
};
await timed(() => measureErrors({ sizes: sizesFromEnv(), quick }), errorsReport);
await timed(() => measureNumbers({ rounds: quick ? 3 : 5 }), numbersReport);
await timed(() => measureWatch(), watchReport);
await timed(() => measureStatusMany({ rounds: quick ? 3 : 5 }), statusManyReport);
console.log(
  `bench done in ${(performance.now() / 1000).toFixed(0)} s${quick ? ' (BENCH_QUICK=1: reduced set)' : ''}`,
);
