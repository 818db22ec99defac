/**
 * The sandbox's scenario imports: each one a pure answer to "what does request N, at elapsed time
 * T, get?". `createScenarios()` builds fresh instances per sandbox, so caches (the big body) and
 * nothing else live with them; counters and clocks belong to the server.
 */

import { BIG_ROW_COUNTS, buildBigBody } from './big.js';
import { DOCUMENTED_IMPORT_BODY } from './fixture.js';
import {
  CLEAN_END_MS,
  cleanPlan,
  FAILING_PROGRESS_ROWS,
  failingProgressPlan,
  PARSE_ERROR_COUNTS,
  parseErrorsPlan,
  SCENARIO_IDS,
  STUCK_LAUNCH_MS,
  STUCK_PROGRESS,
  stuckPlan,
} from './plans.js';
import { type Clock, type ImportPlan, importAt, liveClock, pastClock } from './timeline.js';
import type { ImportDocument, Reply, Scenario, ScenarioInfo, ScenarioRequest } from './types.js';

export { SCENARIO_IDS } from './plans.js';

export const FLAKY_FAILURES = 3;
export const RATE_LIMITED_FAILURES = 2;
export const DROPPED_FAILURES = 2;
export const SLOW_DELAY_MS = 3_000;

/** Finished scenarios happened this long before their first request, at real speed. */
const FINISHED_AGO_MS = 25 * 60_000;

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const secs = (ms: number) => Math.round(ms / 1000);

/** Ids, names and one-line descriptions, in the order the sandbox lists them. */
export const SCENARIOS: readonly ScenarioInfo[] = [
  {
    id: SCENARIO_IDS.documented,
    name: 'documented',
    description: "Qobra's documented example, byte for byte: opportunities rejected one row",
  },
  {
    id: SCENARIO_IDS.clean,
    name: 'clean',
    description: `4 tables go scheduled, started, finished over ~${secs(CLEAN_END_MS)} s; no errors`,
  },
  {
    id: SCENARIO_IDS.parseErrors,
    name: 'parse-errors',
    description: `finished; 3 tables rejected ${total(PARSE_ERROR_COUNTS)} rows (bad numbers, dates, emails, unknown users)`,
  },
  {
    id: SCENARIO_IDS.big,
    name: 'big',
    description: `finished; ${total(BIG_ROW_COUNTS).toLocaleString('en-US')} rejected rows in 2 tables, for performance work`,
  },
  {
    id: SCENARIO_IDS.stuck,
    name: 'stuck',
    description: `scheduled for ${secs(STUCK_LAUNCH_MS)} s, then started at ${STUCK_PROGRESS}% forever`,
  },
  {
    id: SCENARIO_IDS.flaky,
    name: 'flaky',
    description: `the first ${FLAKY_FAILURES} requests get 503, then a finished clean import`,
  },
  {
    id: SCENARIO_IDS.rateLimited,
    name: 'rate-limited',
    description: `the first ${RATE_LIMITED_FAILURES} requests get 429 with Retry-After: 1, then a finished clean import`,
  },
  {
    id: SCENARIO_IDS.dropped,
    name: 'dropped',
    description: `the first ${DROPPED_FAILURES} requests lose their connection unanswered, then a finished clean import`,
  },
  {
    id: SCENARIO_IDS.slow,
    name: 'slow',
    description: `every answer takes ~${secs(SLOW_DELAY_MS)} s, then a finished clean import`,
  },
  {
    id: SCENARIO_IDS.malformed,
    name: 'malformed',
    description: '200 application/json with a truncated, invalid JSON body',
  },
  {
    id: SCENARIO_IDS.wrongShape,
    name: 'wrong-shape',
    description: '200 with valid JSON of the wrong shape (a table\'s progress is "fifty")',
  },
  {
    id: SCENARIO_IDS.failingProgress,
    name: 'failing-progress',
    description: `like clean, but opportunities fails with ${FAILING_PROGRESS_ROWS} rejected rows at ~12 s and the import ends at ~16 s`,
  },
];

const JSON_TYPE = { 'content-type': 'application/json' };

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { kind: 'send', status, body: JSON.stringify(value), headers: { ...JSON_TYPE, ...headers } };
}

/** The document for a plan at a moment, in the API's envelope. */
export function documentAt(plan: ImportPlan, elapsedMs: number, clock: Clock): ImportDocument {
  return { data_import: importAt(plan, elapsedMs, clock) };
}

const finishedClean = (id: string, request: ScenarioRequest): Reply =>
  jsonReply(200, documentAt(cleanPlan(id), Number.POSITIVE_INFINITY, pastClock(request, FINISHED_AGO_MS)));

/** Answers `failures` requests with `fault`, then a finished clean import. */
const faultyFirst =
  (id: string, failures: number, fault: () => Reply) =>
  (request: ScenarioRequest): Reply =>
    request.requestNumber <= failures ? fault() : finishedClean(id, request);

/** Every scenario's behaviour; the costly plans and bodies are built on first use, once per sandbox. */
function behaviours(): Record<string, (request: ScenarioRequest) => Reply> {
  let parseErrors: ImportPlan | undefined;
  let failing: ImportPlan | undefined;
  let bigBody: Buffer | undefined;
  const ids = SCENARIO_IDS;
  return {
    [ids.documented]: () => ({ kind: 'send', status: 200, body: DOCUMENTED_IMPORT_BODY, headers: JSON_TYPE }),
    [ids.clean]: (request) =>
      jsonReply(200, documentAt(cleanPlan(ids.clean), request.elapsedMs, liveClock(request))),
    [ids.parseErrors]: (request) => {
      parseErrors ??= parseErrorsPlan(ids.parseErrors);
      return jsonReply(
        200,
        documentAt(parseErrors, Number.POSITIVE_INFINITY, pastClock(request, FINISHED_AGO_MS)),
      );
    },
    [ids.big]: (request) => {
      // Stringified once: the first request fixes the clock, so later answers would be identical anyway.
      bigBody ??= buildBigBody(ids.big, pastClock(request, FINISHED_AGO_MS));
      return { kind: 'send', status: 200, body: bigBody, headers: JSON_TYPE };
    },
    [ids.stuck]: (request) =>
      jsonReply(200, documentAt(stuckPlan(ids.stuck), request.elapsedMs, liveClock(request))),
    [ids.flaky]: faultyFirst(ids.flaky, FLAKY_FAILURES, () =>
      jsonReply(503, { message: 'Service temporarily unavailable, please retry later' }),
    ),
    [ids.rateLimited]: faultyFirst(ids.rateLimited, RATE_LIMITED_FAILURES, () =>
      jsonReply(429, { message: 'Too many requests' }, { 'retry-after': '1' }),
    ),
    [ids.dropped]: faultyFirst(ids.dropped, DROPPED_FAILURES, () => ({ kind: 'drop' })),
    [ids.slow]: (request) => ({ ...finishedClean(ids.slow, request), delayMs: SLOW_DELAY_MS }),
    [ids.malformed]: (request) => {
      const text = JSON.stringify(
        documentAt(cleanPlan(ids.malformed), CLEAN_END_MS, pastClock(request, FINISHED_AGO_MS)),
      );
      // Cut inside the tables list: the body starts like a real answer and then just stops.
      return {
        kind: 'send',
        status: 200,
        body: text.slice(0, Math.floor(text.length * 0.6)),
        headers: JSON_TYPE,
      };
    },
    [ids.wrongShape]: (request) => {
      const document = documentAt(cleanPlan(ids.wrongShape), 12_000, pastClock(request, FINISHED_AGO_MS));
      const tables = document.data_import.data_tables_details as unknown as Record<string, unknown>[];
      if (tables[1]) tables[1].progress = 'fifty';
      return jsonReply(200, document);
    },
    [ids.failingProgress]: (request) => {
      failing ??= failingProgressPlan(ids.failingProgress);
      return jsonReply(200, documentAt(failing, request.elapsedMs, liveClock(request)));
    },
  };
}

/** Fresh scenario instances for one sandbox, keyed by import id. */
export function createScenarios(): Map<string, Scenario> {
  const replies = behaviours();
  const scenarios = new Map<string, Scenario>();
  for (const info of SCENARIOS) {
    const reply = replies[info.id];
    if (!reply) throw new Error(`scenario ${info.name} has no behaviour`);
    scenarios.set(info.id, { ...info, reply });
  }
  return scenarios;
}
