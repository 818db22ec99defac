// Qobra's documented fetch-import response, committed byte for byte under test/fixtures/ so that a
// clone of the repository alone has everything its tests need. Every test reads it through here.
import { readFileSync } from 'node:fs';
import type { ImportDocument } from '../../src/api/schema.js';

export const DOCUMENTED_EXAMPLE_PATH = new URL('../fixtures/fetch-import-example.json', import.meta.url);

/** The file exactly as published, trailing newline included. */
export const DOCUMENTED_EXAMPLE_TEXT = readFileSync(DOCUMENTED_EXAMPLE_PATH, 'utf8');

/** The example as text and as a freshly parsed document (each call a new copy, safe to change). */
export function documentedExample(): { text: string; document: ImportDocument } {
  return { text: DOCUMENTED_EXAMPLE_TEXT, document: JSON.parse(DOCUMENTED_EXAMPLE_TEXT) as ImportDocument };
}
