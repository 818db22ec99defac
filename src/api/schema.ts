/**
 * The shape of `GET /v1/imports/{id}` as Qobra documents it. Validation is deliberately lenient
 * where the docs are vague (nulls, unknown enum values, extra fields) and strict about types, so
 * a wrong shape fails with the path of the field that was wrong. zod/mini keeps the bundle small.
 */
import * as z from 'zod/mini';
import { ExactNumber } from '../values/exact-number.js';

/** Status values the docs list; anything else is kept as a string and shown as unknown. */
export const KNOWN_STATUSES = ['scheduled', 'started', 'finished'] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];

const nullableString = z.optional(z.nullable(z.string()));
const nullableNumber = z.optional(z.nullable(z.number()));

/** One rejected row. Unknown fields are kept. */
export interface ParsingErrorDetail {
  /** An ExactNumber when JSON.parse would have altered it (`1.10`, `-0`, `1e400`, 23 digits). */
  line_number?: number | ExactNumber | null;
  row?: Record<string, unknown> | null;
  details?: string | null;
  [field: string]: unknown;
}

/**
 * The schema's rule for one rejected row, on a parsed value: the problem ("row: expected object"), or
 * undefined when the row is fine. A body from the API never brings its rows here: the body scanner
 * applies the same rule to each row's text as it streams in (row-entry.ts `fits`) and cuts the rows
 * out; this states it for documents whole in memory (and the tests that build them).
 */
export function parsingErrorDetailProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'expected object';
  const { line_number, row, details } = value as Record<string, unknown>;
  if (line_number != null && typeof line_number !== 'number' && !(line_number instanceof ExactNumber))
    return 'line_number: expected number';
  if (row != null && (typeof row !== 'object' || Array.isArray(row))) return 'row: expected object';
  if (details != null && typeof details !== 'string') return 'details: expected string';
  return undefined;
}

export const ParsingErrorDetail = z.custom<ParsingErrorDetail>(
  (value) => parsingErrorDetailProblem(value) === undefined,
);

/**
 * A data table's rejected rows: an array when built in memory, or rows read back one at a time from
 * where the body scanner spooled them (spooled-rows.ts). Either way: a length, a walk, a slice.
 */
export interface RejectedRowList extends Iterable<ParsingErrorDetail> {
  readonly length: number;
  slice(start?: number, end?: number): ParsingErrorDetail[];
  /**
   * Each row as its text when it is `{"line_number":…,"row":…,"details":…}` exactly as JSON.stringify
   * would write it (numbers exact), else parsed. Lists built in memory do without.
   */
  forms?(): Iterable<string | ParsingErrorDetail>;
}

// The body's rows arrive here as empty arrays (the scanner cut them out, and checked them); the
// schema checks the rest, and the rows are put back as a RejectedRowList afterwards.
const DataTableErrorSchema = z.looseObject({
  title: nullableString,
  description: nullableString,
  parsing_error_details: z.optional(z.nullable(z.array(ParsingErrorDetail))),
});

const DataTableDetailSchema = z.looseObject({
  type: nullableString,
  status: z.string(),
  data_table_key: z.string(),
  progress: nullableNumber,
  number_of_records: nullableNumber,
  error: z.optional(z.nullable(DataTableErrorSchema)),
});

const DataImportSchema = z.looseObject({
  id: z.string(),
  created_at: nullableString,
  launched_at: nullableString,
  finished_at: nullableString,
  status: z.string(),
  progress: nullableNumber,
  data_tables_details: z.array(DataTableDetailSchema),
});

const ImportDocumentSchema = z.looseObject({ data_import: DataImportSchema });

export interface DataTableError {
  title?: string | null;
  description?: string | null;
  parsing_error_details?: RejectedRowList | null;
  [field: string]: unknown;
}

export interface DataTableDetail {
  type?: string | null;
  status: string;
  data_table_key: string;
  progress?: number | null;
  number_of_records?: number | null;
  error?: DataTableError | null;
  [field: string]: unknown;
}

export interface DataImport {
  id: string;
  created_at?: string | null;
  launched_at?: string | null;
  finished_at?: string | null;
  status: string;
  progress?: number | null;
  data_tables_details: DataTableDetail[];
  [field: string]: unknown;
}

export interface ImportDocument {
  data_import: DataImport;
  [field: string]: unknown;
}

/** Validates a parsed body; returns the document or a one-line description of the first problem. */
export function validateImportDocument(
  value: unknown,
): { ok: true; document: ImportDocument } | { ok: false; problem: string } {
  const result = ImportDocumentSchema.safeParse(value);
  if (result.success) return { ok: true, document: result.data as ImportDocument };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, problem: 'the response does not have the documented shape' };
  if (issue.code === 'custom') {
    // A rejected row failed the hand check: name the field inside it.
    const [field, expected] = (parsingErrorDetailProblem(valueAt(value, issue.path)) ?? '').split(': ');
    const path = expected ? [...issue.path, field ?? ''] : issue.path;
    return { ok: false, problem: `${formatPath(path)}: ${expected ?? field}` };
  }
  // zod/mini's messages are terse ("Invalid input"): say what was expected when we know.
  const what = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  return { ok: false, problem: `${formatPath(issue.path)}: ${what}` };
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[key];
  return value;
}

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  }
  return out || '(root)';
}
