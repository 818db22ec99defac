/**
 * Parses a response keeping rejected rows' numbers, and their line numbers, exactly as the API wrote
 * them. `JSON.parse` turns `12345678901234567890`, `1.10` and `1e400` into 12345678901234567000, 1.1
 * and Infinity, and Node 20 has neither the reviver's `context.source` nor `JSON.rawJSON` to get the
 * text back. Yet `errors --json/--csv` promise values "exactly as the API sent them, so the file can be
 * fixed and pushed again".
 *
 * So, only inside `data_import.data_tables_details[*].error.parsing_error_details[*]`, in `row` (at
 * any depth) and as `line_number`, a number literal that `JSON.parse` would change becomes an
 * `ExactNumber` holding its text (number-literals.ts says which). Every other number (progress,
 * number_of_records) stays a number, as the model needs.
 *
 * Cost, cheapest first (a body can hold 100,000 rows, ~22 MB, of values nearly always strings):
 * 1. `JSON.parse`, as before; then a walk over the parsed rows, and one regex pass for unusual line
 *    numbers: no number in any row and plain line numbers, nothing to keep.
 * 2. A regex over the raw text looks for a literal that would not survive (false positives only cost
 *    step 3, never correctness). None: the parsed value is exact already.
 * 3. A linear tokenizer (mark-numbers.ts) rewrites each such literal into a marker string, the text
 *    is parsed again, and the markers become ExactNumbers.
 *
 * Nothing here recurses, so a value nested 100,000 levels deep (which JSON.parse accepts) is parsed,
 * not mistaken for invalid JSON by a stack overflow.
 */
import { markLossyRowNumbers, restoreMarkers } from './mark-numbers.js';
import { hasLossyNumber, lineNumbersArePlain } from './number-literals.js';

/** Which step `parseJsonKeepingNumbers` ended at (tests check the cheap ones are taken). */
export type ParsePath = 'no-row-numbers' | 'nothing-lossy' | 'rewritten';

export interface ParsedJson {
  value: unknown;
  path: ParsePath;
}

/** JSON.parse (throws the same SyntaxError), keeping lossy row numbers and line numbers as ExactNumbers. */
export function parseJsonKeepingNumbers(text: string): ParsedJson {
  const value: unknown = JSON.parse(text);
  const rowNumbers = forEachDetail(
    value,
    (detail) => Object.hasOwn(detail, 'row') && holdsNumber(detail.row),
  );
  if (!rowNumbers && lineNumbersArePlain(text)) return { value, path: 'no-row-numbers' };
  if (!hasLossyNumber(text)) return { value, path: 'nothing-lossy' };
  const rewritten = markLossyRowNumbers(text);
  if (rewritten === text) return { value, path: 'nothing-lossy' };
  const marked: unknown = JSON.parse(rewritten);
  forEachDetail(marked, (detail) => {
    if (Object.hasOwn(detail, 'line_number')) detail.line_number = restoreMarkers(detail.line_number);
    if (typeof detail.row === 'object' && detail.row !== null) restoreMarkers(detail.row);
    return false;
  });
  return { value: marked, path: 'rewritten' };
}

type Detail = Record<string, unknown>;

/**
 * Calls `visit` with each rejected row's entry (`{line_number, row, details}`) of a parsed body,
 * following the same path the tokenizer follows; stops and returns true as soon as `visit` does.
 */
function forEachDetail(document: unknown, visit: (detail: Detail) => boolean): boolean {
  const tables = field(field(document, 'data_import'), 'data_tables_details');
  if (!Array.isArray(tables)) return false;
  for (const table of tables) {
    const details = field(field(table, 'error'), 'parsing_error_details');
    if (!Array.isArray(details)) continue;
    for (const detail of details) if (isObject(detail) && visit(detail)) return true;
  }
  return false;
}

const isObject = (value: unknown): value is Detail =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `value[key]` when value is a (non-array) object that has it: the tokenizer's `{…}` with that key. */
const field = (value: unknown, key: string): unknown =>
  isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;

/** Does a parsed value hold a number anywhere? Rows of strings answer after a typeof per cell. */
function holdsNumber(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (typeof value !== 'object' || value === null) return false;
  // Containers still to look into: an explicit stack, so any depth is fine.
  const pending: object[] = [value];
  const look = (cell: unknown): boolean => {
    if (typeof cell === 'object' && cell !== null) pending.push(cell);
    return typeof cell === 'number';
  };
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) {
      for (const cell of next) if (look(cell)) return true;
      continue;
    }
    for (const key in next) {
      const cell = (next as Detail)[key];
      if (typeof cell !== 'string' && look(cell)) return true;
    }
  }
  return false;
}
