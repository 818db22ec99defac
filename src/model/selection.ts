/**
 * What a command was asked to look at: which imports, and of each, which data tables. Applied once,
 * at the top: `selectImport` narrows an import to a document of the same shape, so outcome, counts,
 * summaries and every export read the selected data and need no filter of their own.
 */
import type { DataImport } from '../api/schema.js';
import { importOutcome, isFinished, type Outcome } from './outcome.js';

export interface Selection {
  /** The imports asked for, in the order given. */
  importIds: readonly string[];
  /** Only these data tables (`--table`, repeatable); empty means every one. */
  tables: readonly string[];
}

/** The import with only the selected data tables (the import itself when every table is selected). */
export function selectImport(dataImport: DataImport, selection: Pick<Selection, 'tables'>): DataImport {
  if (selection.tables.length === 0) return dataImport;
  const wanted = new Set(selection.tables);
  return {
    ...dataImport,
    data_tables_details: dataImport.data_tables_details.filter((table) => wanted.has(table.data_table_key)),
  };
}

/**
 * The outcome of a selection: whether the import has finished is a fact of the whole import (a data
 * table left out by --table may still report an undocumented status), failure is the selection's.
 */
export function selectedOutcome(whole: DataImport, selected: DataImport): Outcome {
  return isFinished(whole) ? importOutcome(selected) : 'running';
}

/** Data tables asked for that the import does not hold, in the order asked (for a warning). */
export function missingTables(dataImport: DataImport, selection: Pick<Selection, 'tables'>): string[] {
  const keys = new Set(dataImport.data_tables_details.map((table) => table.data_table_key));
  return selection.tables.filter((table) => !keys.has(table));
}

/** Data tables asked for that none of these imports holds (a typo, most likely), in the order asked. */
export function tablesNoImportHas(
  imports: readonly DataImport[],
  selection: Pick<Selection, 'tables'>,
): string[] {
  const keys = new Set(imports.flatMap((i) => i.data_tables_details.map((table) => table.data_table_key)));
  return [...new Set(selection.tables)].filter((table) => !keys.has(table));
}

/** The ids in the order given, each once: `errors A A` shows A's rows once. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
