import { usageError } from '../errors.js';

const MAX_LENGTH = 128;
// Whitespace, path and query syntax, percent-escapes and control characters cannot be part of an id:
// accepting them would let an "id" reach another route once URL-encoded or decoded by a proxy.
const FORBIDDEN = /[\s/?#%\u0000-\u001f\u007f-\u009f]/u;

/** Returns the id when it could be an import id; throws a usage error (exit 2) otherwise. */
export function checkImportId(id: string): string {
  if (id.length === 0) throw usageError('import id is empty');
  if (id.length > MAX_LENGTH) throw usageError(`import id is longer than ${MAX_LENGTH} characters`);
  // URL parsing resolves dot segments: ".." would send the key to {base}/ and "." to {base}/imports/.
  if (id === '.' || id === '..') throw usageError(`"${id}" cannot be an import id`);
  const bad = FORBIDDEN.exec(id);
  if (bad) {
    const shown = JSON.stringify(bad[0]).slice(1, -1);
    throw usageError(
      `"${escapeForMessage(id)}" cannot be an import id: it contains ${/\s/u.test(bad[0]) ? 'whitespace' : `"${shown}"`}`,
      'an import id looks like 647a13fe875af4b4eb7133c2 (the import_id returned when records were pushed)',
    );
  }
  return id;
}

// The id came from argv, possibly pasted from anywhere; keep the message on one line.
function escapeForMessage(id: string): string {
  return JSON.stringify(id).slice(1, -1);
}
