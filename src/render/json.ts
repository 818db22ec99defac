/**
 * `--json` output. A response body is re-emitted on one line without being parsed and re-serialised,
 * so unknown fields, key order and every digit of every number survive exactly.
 */
import type { JsonText } from '../api/import-document.js';
import { escapeForTerminal } from './sanitize.js';

export { compactJson } from '../util/compact-json.js';

/** One NDJSON line; on a terminal, characters that could drive it are `\u` escaped (still the same JSON). */
export function jsonLine(json: string, toTerminal: boolean): string {
  return `${toTerminal ? escapeForTerminal(json) : json}\n`;
}

/** The same line for a body handed on in pieces (status and watch `--json`): never one big string. */
export function* jsonLinePieces(json: JsonText, toTerminal: boolean): Generator<string> {
  for (const piece of json.pieces()) yield toTerminal ? escapeForTerminal(piece) : piece;
  yield '\n';
}
