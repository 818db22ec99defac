/**
 * The big scenario: 100,000 rejected rows in two tables, for performance work. Its body weighs
 * about 22 MB, so the rows are written as JSON text one by one (no 100,000-object tree kept alive)
 * and kept for the life of the process: they depend on nothing but constants. Each sandbox then
 * only wraps them in its own timestamps, once, on its first request.
 */
import type { Failure } from './failures.js';
import {
  errorOf,
  forEachRejectedRow,
  opportunityRow,
  paymentRow,
  type RejectedRowsOptions,
} from './rejected-rows.js';
import { type Clock, type ImportPlan, importAt } from './timeline.js';

export const BIG_ROW_COUNTS = { opportunities: 64_000, payments: 36_000 } as const;

const ROWS: Record<keyof typeof BIG_ROW_COUNTS, RejectedRowsOptions> = {
  opportunities: { seed: 0xb16, count: BIG_ROW_COUNTS.opportunities, recipe: opportunityRow, maxGap: 5 },
  payments: { seed: 0xb17, count: BIG_ROW_COUNTS.payments, recipe: paymentRow, maxGap: 3 },
};

const DETAILS_SLOT = '"parsing_error_details":[]';

/** The rows of one table as the inside of a JSON array, and the failure its description names. */
function rowsJson(options: RejectedRowsOptions): { json: string; first: Failure | undefined } {
  const parts: string[] = [];
  let first: Failure | undefined;
  forEachRejectedRow(options, (detail, failure) => {
    first ??= failure;
    parts.push(JSON.stringify(detail));
  });
  return { json: parts.join(','), first };
}

let rowsCache:
  | { opportunities: ReturnType<typeof rowsJson>; payments: ReturnType<typeof rowsJson> }
  | undefined;

/** The whole `{"data_import": …}` body, finished, with its timestamps read through `clock`. */
export function buildBigBody(id: string, clock: Clock): Buffer {
  rowsCache ??= { opportunities: rowsJson(ROWS.opportunities), payments: rowsJson(ROWS.payments) };
  const { opportunities, payments } = rowsCache;
  const plan: ImportPlan = {
    id,
    createdMs: 0,
    launchMs: 12_000,
    tables: [
      {
        key: 'opportunities',
        type: 'api',
        startMs: 12_000,
        endMs: 1_260_000,
        records: 183_412,
        error: errorOf(opportunities.first, []),
      },
      // null records, as on the documented example's failed table.
      {
        key: 'payments',
        type: 'csv',
        startMs: 30_000,
        endMs: 905_000,
        records: 0,
        finalRecords: null,
        error: errorOf(payments.first, []),
      },
    ],
  };
  // Stringify the small skeleton, then pour each table's rows into its empty details array.
  const skeleton = JSON.stringify({ data_import: importAt(plan, Number.POSITIVE_INFINITY, clock) });
  const [head, middle, tail, ...rest] = skeleton.split(DETAILS_SLOT);
  if (head === undefined || middle === undefined || tail === undefined || rest.length > 0) {
    throw new Error('big scenario skeleton has an unexpected shape');
  }
  return Buffer.from(
    `${head}"parsing_error_details":[${opportunities.json}]${middle}"parsing_error_details":[${payments.json}]${tail}`,
  );
}
