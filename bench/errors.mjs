// Big imports: `errors --json` and `errors --csv` at 100k, 300k and 1M rejected rows, each against
// `curl | jq` doing the same flattening and against a floor (a node process that fetches the same body
// and JSON.parses it), run in alternating rounds against one loopback server streaming a body generated
// now into a scratch directory. Reports median wall times, ratios and peak memory (max RSS). A CLI that
// fails (say exit 6, a body over its response cap) is reported as such, not thrown.
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { writeImportBody } from './lib/bodies.mjs';
import { csvCells, JQ_CSV, JQ_JSON } from './lib/flatten.mjs';
import {
  BASE_ENV,
  BIN,
  captureLines,
  errorsExitedWell,
  failure,
  GNU_TIME,
  hasCommand,
  median,
  mib,
  quote,
  run,
  takeUsage,
  USAGE_HOW,
  verdict,
  withUsage,
} from './lib/proc.mjs';
import { benchIds, startFileServer } from './lib/servers.mjs';

export const DEFAULT_SIZES = [100_000, 300_000, 1_000_000];
/** Lines of each output parsed and compared, row by row, in the untimed check. */
const COMPARED_LINES = 1_000;
const TIME_TARGET = 0.5;
const MEMORY_TARGET_MIB = 200;
/** "Flat": the peak at the largest size is at most this much above the peak at the smallest. */
const FLAT_SLACK = 1.25;
const FLOOR =
  "require('node:http').get(process.argv[1], { headers: { 'x-api-key': 'bench' } }, (res) => { const parts = []; res.on('data', (b) => parts.push(b)); res.on('end', () => { if (!JSON.parse(Buffer.concat(parts).toString('utf8')).data_import) process.exit(3); }); });";

/** Fewer rounds from 300k rows on, where one round takes half a minute (a minute and a half at 1M). */
export const roundsFor = (rows, quick) => (quick || rows >= 300_000 ? 3 : 5);
const sizeLabel = (rows) => (rows >= 1_000_000 ? `${rows / 1_000_000}M` : `${rows / 1_000}k`);

/** The five commands timed at one size; each writes its usage (CPU, max RSS) to its own file. */
function candidates({ url, id, scratch }) {
  const cliEnv = { ...BASE_ENV, QOBRA_BASE_URL: url, QOBRA_API_KEY: 'bench' };
  const node = (name, argv, env) => {
    const file = join(scratch, `usage-${name}`);
    const wrapped = withUsage(argv, file, scratch);
    return { argv: wrapped.argv, env: { ...env, ...wrapped.env }, usageFile: file };
  };
  const jq = (name, flags, program) => {
    const file = join(scratch, `usage-${name}`);
    const programFile = join(scratch, `${name}.jq`);
    writeFileSync(programFile, program);
    const time = GNU_TIME ? `${GNU_TIME} -f '%U %S %M' -o ${quote(file)} ` : '';
    const pipeline = `curl -sS -H 'X-API-Key: bench' ${quote(`${url}/imports/${id}`)} | ${time}jq ${flags} -f ${quote(programFile)}`;
    return { argv: ['bash', '-o', 'pipefail', '-c', pipeline], env: BASE_ENV, usageFile: file };
  };
  return {
    json: {
      label: 'errors --json',
      ...node('json', [process.execPath, BIN, 'errors', id, '--json'], cliEnv),
      cli: true,
    },
    csv: {
      label: 'errors --csv',
      ...node('csv', [process.execPath, BIN, 'errors', id, '--csv'], cliEnv),
      cli: true,
    },
    jqJson: { label: 'curl | jq -c (json)', ...jq('jqJson', '-c', JQ_JSON) },
    jqCsv: { label: 'curl | jq -r @csv', ...jq('jqCsv', '-r', JQ_CSV) },
    floor: {
      label: 'JSON.parse floor',
      ...node('floor', [process.execPath, '-e', FLOOR, `${url}/imports/${id}`], BASE_ENV),
    },
  };
}

/** A run's problem, or null: the CLI exits 0 or 1 without crashing; the others exit 0. */
function problem(candidate, result) {
  const ok = candidate.cli ? errorsExitedWell(result) : result.code === 0;
  return ok ? null : failure(result);
}

/** The untimed check: the CLI and jq print the same rows, and as many. Returns null or what differs. */
function differences(fromCli, fromJq, parse, expectedLines) {
  if (fromCli.count !== expectedLines || fromJq.count !== expectedLines)
    return `expected ${expectedLines} lines, the CLI printed ${fromCli.count}, curl | jq ${fromJq.count}`;
  for (let i = 0; i < Math.min(COMPARED_LINES, expectedLines); i++) {
    if (!isDeepStrictEqual(parse(fromCli.first[i]), parse(fromJq.first[i])))
      return `line ${i + 1} differs: CLI ${fromCli.first[i].slice(0, 200)} / jq ${fromJq.first[i].slice(0, 200)}`;
  }
  return null;
}

/**
 * The cheaper check at the larger sizes (jq there would cost a minute a run): as many lines as rows,
 * and each of the first lines carries its generated row (as JSON text, or its values as CSV cells).
 */
function missingRows(fromCli, firstRows, format, expectedLines) {
  if (fromCli.count !== expectedLines)
    return `expected ${expectedLines} lines, the CLI printed ${fromCli.count}`;
  const offset = format === 'csv' ? 1 : 0;
  for (let i = 0; i + offset < Math.min(COMPARED_LINES, expectedLines); i++) {
    const line = fromCli.first[i + offset];
    const ok =
      format === 'csv'
        ? Object.values(JSON.parse(firstRows[i])).every((value) => csvCells(line).includes(value))
        : line.includes(`"row":${firstRows[i]}`);
    if (!ok) return `line ${i + 1 + offset} does not carry ${firstRows[i]}: ${line.slice(0, 200)}`;
  }
  return null;
}

/** One size: generate, serve, check, then time every candidate still standing in alternating rounds. */
async function measureSize({ rows, rounds, scratch, limitMs, withJq }) {
  const [id] = benchIds(1, 0xe0000 + rows / 1000);
  const body = join(scratch, `body-${rows}.json`);
  const { bytes, firstRows } = writeImportBody(body, { id, rows, keep: COMPARED_LINES });
  const server = await startFileServer({ [id]: body });
  const all = candidates({ url: server.url, id, scratch });
  const stats = Object.fromEntries(Object.keys(all).map((name) => [name, { ms: [], rss: [], failed: null }]));
  try {
    const capture = (name) => captureLines(all[name].argv, { env: all[name].env, limitMs }, COMPARED_LINES);
    for (const [cliName, jqName, parse, lines] of [
      ['json', 'jqJson', JSON.parse, rows],
      ['csv', 'jqCsv', csvCells, rows + 1],
    ]) {
      const fromCli = await capture(cliName);
      stats[cliName].failed = problem(all[cliName], fromCli);
      if (stats[cliName].failed) continue;
      const fromJq = withJq ? await capture(jqName) : null;
      if (fromJq) stats[jqName].failed = problem(all[jqName], fromJq);
      const differs =
        fromJq && !stats[jqName].failed
          ? differences(fromCli, fromJq, parse, lines)
          : missingRows(fromCli, firstRows, cliName, lines);
      if (differs)
        stats[cliName].failed = `${fromJq ? 'output differs from curl | jq' : 'wrong output'}: ${differs}`;
    }
    const devNull = openSync('/dev/null', 'w');
    try {
      const names = Object.keys(all);
      for (let round = 0; round < rounds; round++) {
        // Rotate who goes first, so none always runs right after the same other one.
        for (let k = 0; k < names.length; k++) {
          const name = names[(k + round) % names.length];
          const stat = stats[name];
          if (stat.failed) continue;
          takeUsage(all[name].usageFile);
          const result = await run(all[name].argv, { env: all[name].env, stdout: devNull, limitMs });
          stat.failed = problem(all[name], result);
          const usage = takeUsage(all[name].usageFile);
          stat.ms.push(result.ms);
          if (usage) stat.rss.push(usage.maxRssMiB);
        }
      }
    } finally {
      closeSync(devNull);
    }
  } finally {
    await server.close();
    rmSync(body, { force: true });
  }
  const summary = Object.fromEntries(
    Object.entries(stats).map(([name, s]) => [
      name,
      {
        label: all[name].label,
        failed: s.failed,
        ms: s.failed || !s.ms.length ? null : median(s.ms),
        peakMiB: s.rss.length ? Math.max(...s.rss) : null,
      },
    ]),
  );
  return { rows, bytes, rounds, ...summary };
}

/** Every size in turn; `{ skipped }` when curl or jq is missing. */
export async function measureErrors({ sizes = DEFAULT_SIZES, quick = false } = {}) {
  for (const tool of ['curl', 'jq', 'bash'])
    if (!hasCommand(tool)) return { skipped: `${tool} not installed` };
  const scratch = mkdtempSync(join(tmpdir(), 'qobra-bench-errors-'));
  try {
    const results = [];
    for (const rows of sizes) {
      const limitMs = 60_000 + (rows / 1_000_000) * 300_000;
      // The CLI's rows are compared with jq's at the first size; later sizes check them against the generator.
      const withJq = rows === sizes[0];
      results.push(await measureSize({ rows, rounds: roundsFor(rows, quick), scratch, limitMs, withJq }));
    }
    return { sizes: results };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const ratio = (a, b) => (a === null || b === null ? null : a / b);
const times = (value) => (value === null ? 'n/a' : `${value.toFixed(2)}x`);

/** The report's lines. */
export function errorsReport(m) {
  if (m.skipped) return [`errors on big imports: skipped (${m.skipped})`];
  const lines = [];
  const timed = (s) =>
    s.failed
      ? `failed: ${s.failed}`
      : `${s.ms.toFixed(0).padStart(6)} ms  peak ${mib(s.peakMiB).padStart(8)}`;
  for (const size of m.sizes) {
    const hasTarget = size.rows === 100_000 || size.rows === 1_000_000;
    lines.push(
      `errors, ${size.rows.toLocaleString('en-US')} rejected rows (${(size.bytes / 2 ** 20).toFixed(0)} MiB body, ${size.rounds} alternating rounds, medians; peak = max RSS, of jq for the pipelines):`,
    );
    for (const [cli, jq] of [
      ['json', 'jqJson'],
      ['csv', 'jqCsv'],
    ]) {
      const r = ratio(size[cli].ms, size[jq].ms);
      const target = hasTarget
        ? ` (target <= ${TIME_TARGET}x: ${verdict(r !== null && r <= TIME_TARGET)})`
        : '';
      const extra = size[cli].failed
        ? ''
        : `  ${times(r)} curl | jq${target}  ${times(ratio(size[cli].ms, size.floor.ms))} floor`;
      lines.push(`  ${size[cli].label.padEnd(20)} ${timed(size[cli])}${extra}`);
    }
    for (const name of ['jqJson', 'jqCsv', 'floor'])
      lines.push(`  ${size[name].label.padEnd(20)} ${timed(size[name])}`);
  }
  if (m.sizes.length > 1) {
    const first = m.sizes[0];
    const last = m.sizes.at(-1);
    lines.push(
      `errors, peak memory at ${m.sizes.map((s) => sizeLabel(s.rows)).join(' / ')} rows (target: <= ${MEMORY_TARGET_MIB} MiB at ${sizeLabel(last.rows)}, and flat: at most ${FLAT_SLACK}x the ${sizeLabel(first.rows)} figure):`,
    );
    for (const name of ['json', 'csv']) {
      const peaks = m.sizes.map((s) => (s[name].failed ? null : s[name].peakMiB));
      const top = peaks.at(-1);
      const ok =
        top !== null && peaks[0] !== null && top <= MEMORY_TARGET_MIB && top <= peaks[0] * FLAT_SLACK;
      const shown = m.sizes.map((s, i) =>
        peaks[i] === null ? (s[name].failed ? 'failed' : 'n/a') : peaks[i].toFixed(0),
      );
      lines.push(`  ${first[name].label.padEnd(20)} ${shown.join(' / ')} MiB  ${verdict(ok)}`);
    }
  }
  lines.push(`  (memory via ${USAGE_HOW})`);
  return lines;
}

/** BENCH_SIZES=100k,1M picks the sizes; BENCH_QUICK=1 means 100k only, 3 rounds. */
export function sizesFromEnv(env = process.env) {
  if (env.BENCH_SIZES)
    return env.BENCH_SIZES.split(',').map((text) => {
      const match = /^(\d+)([kKmM]?)$/.exec(text.trim());
      if (!match) throw new Error(`BENCH_SIZES: cannot read ${text}`);
      return Number(match[1]) * ({ k: 1_000, m: 1_000_000 }[match[2].toLowerCase()] ?? 1);
    });
  return env.BENCH_QUICK === '1' ? [100_000] : DEFAULT_SIZES;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const m = await measureErrors({ sizes: sizesFromEnv(), quick: process.env.BENCH_QUICK === '1' });
  for (const line of errorsReport(m)) console.log(line);
  console.log(`  (took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
