/**
 * The one shape every `errors` output takes, whatever its format (NDJSON, CSV, plain lines, the
 * terminal view): it is handed each import already narrowed to the selection, in order, then told
 * the end. The command neither knows nor cares which format it drives.
 */
import type { DataImport } from '../api/schema.js';
import type { Deps } from '../deps.js';
import { type ErrorRow, errorRows } from '../model/error-rows.js';
import type { Talk } from './talk.js';
import { type Budget, take } from './write-lines.js';

export interface ErrorsExporter {
  /** Writes one selected import (or keeps it, when the format needs every import first). */
  writeImport(selected: DataImport): Promise<void>;
  /** After the last import that could be fetched: what needs them all (CSV's header and rows). */
  end?(): Promise<void>;
}

/** What the exporters need to know of the command line. */
export interface ExportOptions {
  ids: readonly string[];
  json: boolean;
  csv: boolean;
  /** --safe-csv: neutralise formula cells. */
  safeCsv: boolean;
  /** At most this many rows in total, across every import. */
  limit?: number;
  /** --all: every row on a terminal instead of the first page. */
  all: boolean;
  /** --color / --no-color; undefined lets the environment decide. */
  color?: boolean;
  /** false with --no-pager: a terminal view taller than the screen is written directly. */
  pager?: boolean;
}

export type ExportDeps = Pick<Deps, 'stdout' | 'env' | 'signal'> & { talk: Talk };

/** A selected import's rejected rows, as many as the budget still allows (spending it). */
export const rowsWithin = (selected: DataImport, budget: Budget): Iterable<ErrorRow> =>
  take(errorRows(selected.id, selected), budget);
