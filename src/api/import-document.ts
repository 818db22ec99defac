/**
 * A scanned body (read-body.ts) → the validated document: the skeleton is parsed and checked against
 * the schema, and each data table's rows are put back as a list read from the spool. The raw text
 * for `--json` is put back together the same way, from the skeleton and the spooled rows, so it costs
 * nothing unless it is written.
 */
import { compactJson } from '../util/compact-json.js';
import type { ScannedBody } from './read-body.js';
import { type ImportDocument, validateImportDocument } from './schema.js';
import { SpooledRows, spooledTexts } from './spooled-rows.js';

/** The body as compact JSON text (insignificant whitespace removed), in pieces, never whole. */
export interface JsonText {
  pieces(): Iterable<string>;
}

export type DocumentResult =
  | { ok: true; document: ImportDocument; raw: JsonText }
  | { ok: false; problem: 'not-json' }
  | { ok: false; problem: 'shape'; path: string };

export function assembleDocument(id: string, body: ScannedBody): DocumentResult {
  if (!body.complete) return { ok: false, problem: 'not-json' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.skeleton);
  } catch (error) {
    // Only a SyntaxError means "not JSON"; anything else is a bug, and must not blame the server.
    if (!(error instanceof SyntaxError)) throw error;
    return { ok: false, problem: 'not-json' };
  }
  const result = validateImportDocument(parsed);
  if (!result.ok) return { ok: false, problem: 'shape', path: result.problem };
  if (body.rowProblem !== undefined) return { ok: false, problem: 'shape', path: body.rowProblem };
  const { document } = result;
  const tables = document.data_import.data_tables_details;
  for (const rows of body.rows) {
    const table = tables[rows.table];
    const error = table?.error;
    // Rows found where the schema's path does not lead (a second `parsing_error_details` key, say)
    // were not part of the validated document; JSON.parse keeps the last of duplicate keys.
    if (!table || !error || !Array.isArray(error.parsing_error_details)) continue;
    error.parsing_error_details = new SpooledRows(body.spool, rows.start, rows.count, {
      importId: id,
      dataTableKey: table.data_table_key,
    });
  }
  return { ok: true, document, raw: rawText(body) };
}

function rawText(body: ScannedBody): JsonText {
  return {
    *pieces() {
      let at = 0;
      for (const rows of body.rows) {
        yield compactJson(body.skeleton.slice(at, rows.skeletonOffset));
        at = rows.skeletonOffset;
        let first = true;
        for (const line of spooledTexts(body.spool, rows.start, rows.count)) {
          yield first ? compactJson(line) : `,${compactJson(line)}`;
          first = false;
        }
      }
      yield compactJson(body.skeleton.slice(at));
    },
  };
}
