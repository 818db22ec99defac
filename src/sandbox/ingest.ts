/**
 * Record ingestion (`POST /v1/tables/{data_table_key}/records/bulk`), pure: reading the query and
 * the body, and turning the records into an import plan whose rejected rows are parsing errors.
 *
 * What Qobra documents, and what the sandbox assumed where it does not:
 * - `all` is a boolean (default false: when true Qobra empties the table first). The sandbox keeps
 *   no records, so it only validates it.
 * - `debounce` is an integer number of seconds (minimum 0, default 0) that Qobra waits before
 *   launching the import. The sandbox validates it and delays the launch by that much.
 * - The docs do not show the body. We assumed a JSON array of record objects keyed by the fields'
 *   API keys, and also accept `{"records": [...]}` so either guess a client makes works.
 * - The docs say the route returns an `import_id`; we answer `{"import_id": "<24 hex>"}`.
 */
import type { Failure } from './failures.js';
import { errorOf } from './rejected-rows.js';
import { checkRecord, rowText, type TableSchema } from './tables.js';
import type { ImportPlan } from './timeline.js';
import type { ParsingErrorDetail } from './types.js';

/** Qobra's limit is not published; 10 MB keeps a runaway client from filling the sandbox's memory. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Scenario ms of the ingested import's phases: a short wait, then ~4 s of work. */
export const INGEST_LAUNCH_MS = 1_000;
export const INGEST_WORK_MS = 4_000;

/** Qobra's debounce has no documented maximum; an hour is plenty for a sandbox. */
const MAX_DEBOUNCE_SECONDS = 3_600;

export interface IngestQuery {
  all: boolean;
  debounceSeconds: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function single(params: URLSearchParams, name: string): Parsed<string | undefined> {
  const values = params.getAll(name);
  if (values.length > 1) return { ok: false, message: `query parameter '${name}' is given more than once` };
  return { ok: true, value: values[0] };
}

export function parseIngestQuery(params: URLSearchParams): Parsed<IngestQuery> {
  const all = single(params, 'all');
  if (!all.ok) return all;
  const debounce = single(params, 'debounce');
  if (!debounce.ok) return debounce;
  const allText = all.value?.toLowerCase();
  if (allText !== undefined && allText !== 'true' && allText !== 'false') {
    return { ok: false, message: `query parameter 'all' must be true or false, not '${all.value}'` };
  }
  const debounceText = debounce.value;
  if (
    debounceText !== undefined &&
    !(/^\d{1,7}$/.test(debounceText) && Number(debounceText) <= MAX_DEBOUNCE_SECONDS)
  ) {
    return {
      ok: false,
      message: `query parameter 'debounce' must be a whole number of seconds from 0 to ${MAX_DEBOUNCE_SECONDS}, not '${debounceText}'`,
    };
  }
  return { ok: true, value: { all: allText === 'true', debounceSeconds: Number(debounceText ?? 0) } };
}

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The records of a body: a JSON array of objects, or `{"records": [...]}`. */
export function parseRecordsBody(text: string): Parsed<JsonRecord[]> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'syntax error';
    return { ok: false, message: `body is not valid JSON: ${reason}` };
  }
  const records = isRecord(body) && Array.isArray(body.records) ? body.records : body;
  if (!Array.isArray(records)) {
    return { ok: false, message: 'body must be a JSON array of records, or {"records": [...]}' };
  }
  const bad = records.findIndex((record) => !isRecord(record));
  if (bad !== -1) return { ok: false, message: `record ${bad + 1} is not a JSON object` };
  return { ok: true, value: records as JsonRecord[] };
}

/** What an ingested import will show once finished: the good count and the rejected rows. */
export function checkRecords(
  table: TableSchema,
  records: readonly JsonRecord[],
): { imported: number; rejected: ParsingErrorDetail[]; first: Failure | undefined } {
  const rejected: ParsingErrorDetail[] = [];
  let first: Failure | undefined;
  records.forEach((record, index) => {
    const failure = checkRecord(table, record);
    if (!failure) return;
    first ??= failure;
    // Line numbers are 1-based positions in the body, as in Qobra's documented example.
    rejected.push({ line_number: index + 1, row: rowText(record), details: failure.details });
  });
  return { imported: records.length - rejected.length, rejected, first };
}

/** The background import for one ingestion call, timed from the moment it was received. */
export function ingestionPlan(
  id: string,
  table: TableSchema,
  records: readonly JsonRecord[],
  query: IngestQuery,
): ImportPlan {
  const { imported, rejected, first } = checkRecords(table, records);
  const launchMs = INGEST_LAUNCH_MS + query.debounceSeconds * 1000;
  return {
    id,
    createdMs: 0,
    launchMs,
    tables: [
      {
        key: table.key,
        type: 'api',
        startMs: launchMs,
        endMs: launchMs + INGEST_WORK_MS,
        records: imported,
        error: rejected.length > 0 ? errorOf(first, rejected) : null,
      },
    ],
  };
}
