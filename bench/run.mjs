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

const errors = await measureErrors({ rounds: Number(process.env.BENCH_ROUNDS ?? 5) });
console.log("errors --json on the sandbox's 100,000-row import vs curl | jq doing the same flattening:");
if (errors.skipped) console.log(`  skipped: ${errors.skipped}`);
else {
  console.log(
    `  errors --json         ${errors.cliMs.toFixed(0)} ms   curl | jq ${errors.curlJqMs.toFixed(0)} ms`,
  );
  console.log(
    `  ratio                 ${errors.ratio.toFixed(2)}x  (target <= 0.6x: ${verdict(errors.ratio <= 0.6)})`,
  );
  console.log(
    `  peak memory (RSS)     ${errors.cliPeakRssMiB.toFixed(0)} MiB  (target <= 300 MiB: ${verdict(errors.cliPeakRssMiB <= 300)})`,
  );
}

const watch = await measureWatch();
console.log('watch, an import stuck for 20 s with default settings:');
console.log(
  `  requests (piped)      ${watch.requests}  (target 3 to 12: ${verdict(watch.requests >= 3 && watch.requests <= 12)})`,
);
console.log(
  `  CPU (piped)           ${watch.cpuSecondsPiped.toFixed(2)} s  (target <= 0.6 s: ${verdict(watch.cpuSecondsPiped <= 0.6)})`,
);
if (watch.cpuSecondsTerminal !== null) {
  console.log(
    `  CPU (terminal)        ${watch.cpuSecondsTerminal.toFixed(2)} s, ${watch.requestsTerminal} requests (live view and spinner)`,
  );
}
console.log('watch, how long after an import finishes the CLI notices:');
console.log(
  `  delay                 ${watch.detectionDelayMs.toFixed(0)} ms with a ${watch.intervalMs.toFixed(0)} ms interval in force  (target <= interval: ${verdict(watch.detectionDelayMs <= watch.intervalMs)})`,
);
console.log(
  `  delay, shifted start  ${watch.shiftedDetectionDelayMs.toFixed(0)} ms with a ${watch.shiftedIntervalMs.toFixed(0)} ms interval in force  (target <= interval: ${verdict(watch.shiftedDetectionDelayMs <= watch.shiftedIntervalMs)})`,
);
