// Exact numbers at the cost of strings: `errors --json` on 100,000 rows whose values are number
// literals JSON.parse would round or alter (1.10, 12345678901234567890, 1e400, -0, 20-digit decimals)
// vs the same rows with those literals quoted as strings, in alternating rounds against one loopback
// server. Reports the time ratio, both peaks (max RSS), and checks the literals come out as sent.
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeImportBody } from './lib/bodies.mjs';
import {
  BASE_ENV,
  BIN,
  captureLines,
  errorsExitedWell,
  failure,
  median,
  mib,
  run,
  takeUsage,
  verdict,
  withUsage,
} from './lib/proc.mjs';
import { benchIds, startFileServer } from './lib/servers.mjs';

const ROWS = 100_000;
const CHECKED_LINES = 1_000;
const TARGET = 1.1;

/** Null when each of the first lines carries its row's text exactly as generated, else what is wrong. */
function literalsKept(capture, firstRows) {
  if (capture.count !== ROWS) return `${capture.count} lines instead of ${ROWS}`;
  for (let i = 0; i < Math.min(CHECKED_LINES, firstRows.length); i++) {
    if (!capture.first[i].includes(`"row":${firstRows[i]}`))
      return `line ${i + 1} does not carry ${firstRows[i]}: ${capture.first[i].slice(0, 300)}`;
  }
  return null;
}

export async function measureNumbers({ rounds = 5 } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'qobra-bench-numbers-'));
  const [numbersId, stringsId] = benchIds(2, 0xa0000);
  const files = { [numbersId]: join(scratch, 'numbers.json'), [stringsId]: join(scratch, 'strings.json') };
  const made = {
    numbers: writeImportBody(files[numbersId], { id: numbersId, rows: ROWS, values: 'numbers' }),
    strings: writeImportBody(files[stringsId], { id: stringsId, rows: ROWS, values: 'quoted-numbers' }),
  };
  const server = await startFileServer(files);
  const devNull = openSync('/dev/null', 'w');
  try {
    const env = { ...BASE_ENV, QOBRA_BASE_URL: server.url, QOBRA_API_KEY: 'bench' };
    const kinds = {
      numbers: { id: numbersId, ms: [], rss: [], failed: null },
      strings: { id: stringsId, ms: [], rss: [], failed: null },
    };
    const command = (kind) => {
      const file = join(scratch, `usage-${kind}`);
      const wrapped = withUsage([process.execPath, BIN, 'errors', kinds[kind].id, '--json'], file, scratch);
      return { argv: wrapped.argv, env: { ...env, ...wrapped.env }, file };
    };
    const ok = errorsExitedWell;
    // Untimed: every row's text comes out as sent, numbers digit for digit.
    for (const kind of Object.keys(kinds)) {
      const c = command(kind);
      const capture = await captureLines(c.argv, { env: c.env }, CHECKED_LINES);
      takeUsage(c.file);
      kinds[kind].failed = ok(capture) ? null : failure(capture);
      kinds[kind].exact = kinds[kind].failed ? null : literalsKept(capture, made[kind].firstRows);
    }
    for (let round = 0; round < rounds; round++) {
      for (const kind of round % 2 ? ['strings', 'numbers'] : ['numbers', 'strings']) {
        const k = kinds[kind];
        if (k.failed) continue;
        const c = command(kind);
        const result = await run(c.argv, { env: c.env, stdout: devNull });
        const usage = takeUsage(c.file);
        if (!ok(result)) k.failed = failure(result);
        k.ms.push(result.ms);
        if (usage) k.rss.push(usage.maxRssMiB);
      }
    }
    const out = (k) => ({
      failed: k.failed,
      exact: k.exact,
      ms: k.failed ? null : median(k.ms),
      peakMiB: k.rss.length ? Math.max(...k.rss) : null,
    });
    return {
      rows: ROWS,
      rounds,
      numbers: { ...out(kinds.numbers), bytes: made.numbers.bytes },
      strings: { ...out(kinds.strings), bytes: made.strings.bytes },
      sample: made.numbers.firstRows[0],
    };
  } finally {
    closeSync(devNull);
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function numbersReport(m) {
  const line = (name, k) =>
    `  ${name.padEnd(14)} ${k.failed ? `failed: ${k.failed}` : `${k.ms.toFixed(0).padStart(6)} ms  peak ${mib(k.peakMiB).padStart(8)}`}  (${(k.bytes / 2 ** 20).toFixed(0)} MiB body)`;
  const lines = [
    `errors --json, ${m.rows.toLocaleString('en-US')} rows of lossy number literals vs the same rows as strings (${m.rounds} alternating rounds, medians):`,
    line('numbers', m.numbers),
    line('strings', m.strings),
  ];
  if (!m.numbers.failed && !m.strings.failed) {
    const r = m.numbers.ms / m.strings.ms;
    lines.push(`  ratio          ${r.toFixed(2)}x  (target <= ${TARGET}x: ${verdict(r <= TARGET)})`);
  }
  if (!m.numbers.failed)
    lines.push(
      `  literals kept  ${m.numbers.exact === null ? `yes, first ${CHECKED_LINES} rows byte for byte, e.g. ${m.sample}` : `NO: ${m.numbers.exact}`}`,
    );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = await measureNumbers({ rounds: process.env.BENCH_QUICK === '1' ? 3 : 5 });
  for (const line of numbersReport(m)) console.log(line);
}
