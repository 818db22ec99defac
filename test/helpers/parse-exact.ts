// A whole body parsed the way the client reads it (scanned, rows spooled and read back exactly), into
// plain values with every rows array put back in place, whatever the shape: for tests about numbers
// and nesting that look at the parsed value itself, valid import or not.
import { scanBodyText } from '../../src/api/read-body.js';
import { parseSpooledLine } from '../../src/api/spooled-rows.js';

export interface ParsedExact {
  value: unknown;
  /** 'rewritten' when a row went through the exact-numbers path, else 'nothing-lossy'. */
  path: 'rewritten' | 'nothing-lossy';
}

/** Throws a SyntaxError for text that is not JSON, as JSON.parse does. */
export function parseExact(text: string): ParsedExact {
  const body = scanBodyText(text);
  if (!body.complete) throw new SyntaxError('the text ends inside a value');
  const value: unknown = JSON.parse(body.skeleton);
  let rewritten = false;
  const tables = (value as { data_import?: { data_tables_details?: unknown } } | null)?.data_import
    ?.data_tables_details;
  for (const rows of body.rows) {
    const lines = [...body.spool.read(rows.start, rows.count)];
    if (lines.some((line) => /^=?!/.test(line))) rewritten = true;
    const error = (Array.isArray(tables) ? tables[rows.table] : undefined)?.error;
    if (error && Array.isArray(error.parsing_error_details))
      error.parsing_error_details = lines.map(parseSpooledLine);
  }
  return { value, path: rewritten ? 'rewritten' : 'nothing-lossy' };
}
