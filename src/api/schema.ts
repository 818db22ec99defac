/**
 * The shape of `GET /v1/imports/{id}` as Qobra documents it. Validation is deliberately lenient
 * where the docs are vague (nulls, unknown enum values, extra fields) and strict about types, so
 * a wrong shape fails with the path of the field that was wrong. zod/mini keeps the bundle small.
 */
import * as z from 'zod/mini';

/** Status values the docs list; anything else is kept as a string and shown as unknown. */
export const KNOWN_STATUSES = ['scheduled', 'started', 'finished'] as const;
export type KnownStatus = (typeof KNOWN_STATUSES)[number];

const nullableString = z.optional(z.nullable(z.string()));
const nullableNumber = z.optional(z.nullable(z.number()));

export const ParsingErrorDetail = z.looseObject({
  line_number: nullableNumber,
  row: z.optional(z.nullable(z.record(z.string(), z.unknown()))),
  details: nullableString,
});
export type ParsingErrorDetail = z.infer<typeof ParsingErrorDetail>;

export const DataTableError = z.looseObject({
  title: nullableString,
  description: nullableString,
  parsing_error_details: z.optional(z.nullable(z.array(ParsingErrorDetail))),
});
export type DataTableError = z.infer<typeof DataTableError>;

export const DataTableDetail = z.looseObject({
  type: nullableString,
  status: z.string(),
  data_table_key: z.string(),
  progress: nullableNumber,
  number_of_records: nullableNumber,
  error: z.optional(z.nullable(DataTableError)),
});
export type DataTableDetail = z.infer<typeof DataTableDetail>;

export const DataImport = z.looseObject({
  id: z.string(),
  created_at: nullableString,
  launched_at: nullableString,
  finished_at: nullableString,
  status: z.string(),
  progress: nullableNumber,
  data_tables_details: z.array(DataTableDetail),
});
export type DataImport = z.infer<typeof DataImport>;

export const ImportDocument = z.looseObject({ data_import: DataImport });
export type ImportDocument = z.infer<typeof ImportDocument>;

/** Validates a parsed body; returns the document or a one-line description of the first problem. */
export function validateImportDocument(
  value: unknown,
): { ok: true; document: ImportDocument } | { ok: false; problem: string } {
  const result = ImportDocument.safeParse(value);
  if (result.success) return { ok: true, document: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, problem: 'the response does not have the documented shape' };
  // zod/mini's messages are terse ("Invalid input"): say what was expected when we know.
  const what = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
  return { ok: false, problem: `${formatPath(issue.path)}: ${what}` };
}

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  }
  return out || '(root)';
}
