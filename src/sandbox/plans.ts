/**
 * The timelines behind the scenarios, as data. Ids and counts live here so the scenario list, its
 * descriptions and the tests all read the same numbers.
 */
import { opportunityRow, parsingError, paymentRow, userRow } from './rejected-rows.js';
import type { ImportPlan } from './timeline.js';

export const SCENARIO_IDS = {
  documented: '647a13fe875af4b4eb7133c2',
  clean: '64b0c1ea0000000000000001',
  parseErrors: '64b0c1ea0000000000000002',
  big: '64b0c1ea0000000000000003',
  stuck: '64b0c1ea0000000000000004',
  flaky: '64b0c1ea0000000000000005',
  rateLimited: '64b0c1ea0000000000000006',
  dropped: '64b0c1ea0000000000000007',
  slow: '64b0c1ea0000000000000008',
  malformed: '64b0c1ea0000000000000009',
  wrongShape: '64b0c1ea000000000000000a',
  failingProgress: '64b0c1ea000000000000000b',
} as const;

/** When the clean-like imports launch and finish, in scenario milliseconds. */
export const CLEAN_LAUNCH_MS = 3_000;
export const CLEAN_END_MS = 20_000;

/** Four tables of the three origins, starting and finishing at different moments. */
export function cleanPlan(id: string): ImportPlan {
  return {
    id,
    createdMs: 0,
    launchMs: CLEAN_LAUNCH_MS,
    tables: [
      { key: 'companies', type: 'api', startMs: 3_000, endMs: 9_000, records: 312 },
      { key: 'opportunities', type: 'api', startMs: 4_500, endMs: CLEAN_END_MS, records: 2_480 },
      { key: 'users', type: 'integration', startMs: 3_000, endMs: 7_000, records: 48 },
      { key: 'targets', type: 'csv', startMs: 9_000, endMs: 16_000, records: 96 },
    ],
  };
}

export const FAILING_PROGRESS_ROWS = 36;
/** When failing-progress's error appears; the import itself ends with targets, at 16 s. */
export const FAILING_PROGRESS_ERROR_MS = 12_000;

/**
 * The clean timeline, but opportunities finishes early (12 s) with a parsing error while targets still
 * runs until 16 s: an error that shows up before the import ends, for `watch --fail-fast`.
 */
export function failingProgressPlan(id: string): ImportPlan {
  const plan = cleanPlan(id);
  const error = parsingError({ seed: 0xb0b, count: FAILING_PROGRESS_ROWS, recipe: opportunityRow });
  plan.tables = plan.tables.map((table) =>
    table.key === 'opportunities'
      ? { ...table, endMs: FAILING_PROGRESS_ERROR_MS, records: 2_480 - FAILING_PROGRESS_ROWS, error }
      : table,
  );
  return plan;
}

export const STUCK_LAUNCH_MS = 2_000;
export const STUCK_PROGRESS = 42;

/** Two tables frozen mid-way; their mean is the import's progress, 42. */
export function stuckPlan(id: string): ImportPlan {
  return {
    id,
    createdMs: 0,
    launchMs: STUCK_LAUNCH_MS,
    tables: [
      { key: 'companies', type: 'api', startMs: 0, endMs: 0, records: 500, frozenProgress: 60 },
      { key: 'opportunities', type: 'api', startMs: 0, endMs: 0, records: 2_000, frozenProgress: 24 },
    ],
  };
}

export const PARSE_ERROR_COUNTS = { opportunities: 214, payments: 131, users: 37 } as const;

/** Already finished: three of four tables rejected rows, each with its own columns and failures. */
export function parseErrorsPlan(id: string): ImportPlan {
  return {
    id,
    createdMs: 0,
    launchMs: 41_000,
    tables: [
      { key: 'companies', type: 'csv', startMs: 41_000, endMs: 95_000, records: 1_204 },
      {
        key: 'opportunities',
        type: 'api',
        startMs: 41_000,
        endMs: 312_000,
        records: 3_786,
        error: parsingError({ seed: 0x0dd, count: PARSE_ERROR_COUNTS.opportunities, recipe: opportunityRow }),
      },
      {
        key: 'payments',
        type: 'api',
        startMs: 60_000,
        endMs: 254_000,
        records: 0,
        // As on the documented example's failed table.
        finalRecords: null,
        error: parsingError({ seed: 0xfee, count: PARSE_ERROR_COUNTS.payments, recipe: paymentRow }),
      },
      {
        key: 'users',
        type: 'integration',
        startMs: 41_000,
        endMs: 47_000,
        records: 212,
        error: parsingError({ seed: 0x05e, count: PARSE_ERROR_COUNTS.users, recipe: userRow }),
      },
    ],
  };
}
