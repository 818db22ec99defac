/**
 * Groups an import's rejected rows into problems a person can fix in one go: per data table, rows
 * sharing a details message (once the row's own value is masked out) and the column they are about,
 * with counts, biggest first. Pure and one pass per table, so it copes with 100,000 rows.
 */
import { ExactNumber } from '../api/exact-numbers.js';
import type { DataImport, DataTableDetail } from '../api/schema.js';
import { isFinished, isKnownStatus, type Outcome, rejectedRowCount } from './outcome.js';

export interface ProblemGroup {
  /** The column the rows were rejected for, when it could be inferred; null otherwise. */
  column: string | null;
  /** The details message, the offending value replaced by VALUE_PLACEHOLDER when it was quoted in it. */
  message: string;
  count: number;
  /** Up to MAX_EXAMPLES distinct offending values, as the API sent them (ExactNumber for a literal JSON.parse would round). */
  examples: unknown[];
}

export interface ColumnCount {
  column: string | null;
  count: number;
}

export interface TableErrorGroups {
  dataTableKey: string;
  title: string | null;
  description: string | null;
  rejectedRows: number;
  /** Biggest first; ties keep the order in which they were first seen. */
  problems: ProblemGroup[];
  /** Rows per inferred column, biggest first. */
  columns: ColumnCount[];
}

export interface InferredColumn {
  column: string;
  value: unknown;
  /** The exact text of the value as quoted in `details` (e.g. `'AAAAA'`), when it was. */
  quoted?: string;
}

export const VALUE_PLACEHOLDER = '<value>';
const MAX_EXAMPLES = 3;

/** The column a description such as "Can't parse 'AAAAA' as float for user attribute amount" names. */
export function describedColumn(description: string | null | undefined): string | undefined {
  if (!description) return undefined;
  // Once per table, not per row: the regex cost does not grow with the number of rows.
  return /\battribute\s+['"]?([^\s'",]+)/i.exec(description)?.[1];
}

/** A value's text as Qobra's parser would quote it; undefined for values it cannot name. */
function valueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // The literal as sent (`1.10`, not `1.1`): what the file holds, so what the details quote.
  if (value instanceof ExactNumber) return value.text;
  return undefined;
}

/** Two examples are one when equal, ExactNumbers when their texts are (each row has its own instance). */
const sameValue = (a: unknown, b: unknown): boolean =>
  a === b || (a instanceof ExactNumber && b instanceof ExactNumber && a.text === b.text);

/**
 * The column a rejected row is about, first match wins:
 * 1. a column whose value appears quoted in `details` (the longest such value, the most specific);
 * 2. a column whose name appears quoted in `details` ("missing value for required field 'amount'");
 * 3. the description's "attribute X", when the description quotes this row's value of X (the
 *    description is written about one row, so it only speaks for the rows it matches).
 */
export function inferColumn(
  row: Record<string, unknown>,
  details: string | null,
  description?: { column: string | undefined; text: string | null },
): InferredColumn | undefined {
  let best: InferredColumn | undefined;
  let bestLength = -1;
  if (details) {
    for (const column of Object.keys(row)) {
      const text = valueText(row[column]);
      if (text === undefined || text.length <= bestLength) continue;
      for (const quote of ["'", '"']) {
        const quoted = `${quote}${text}${quote}`;
        if (details.includes(quoted)) {
          best = { column, value: row[column], quoted };
          bestLength = text.length;
          break;
        }
      }
    }
    if (best) return best;
    for (const column of Object.keys(row)) {
      if (details.includes(`'${column}'`) || details.includes(`"${column}"`))
        return { column, value: row[column] };
    }
  }
  const named = description?.column;
  if (named !== undefined && description?.text && Object.hasOwn(row, named)) {
    const text = valueText(row[named]);
    if (
      text !== undefined &&
      (description.text.includes(`'${text}'`) || description.text.includes(`"${text}"`))
    ) {
      return { column: named, value: row[named] };
    }
  }
  return undefined;
}

/** The details message with the row's own value masked, so "… float: 'N/A'" and "… float: '12,5'" group together. */
export function problemMessage(details: string | null, inferred: InferredColumn | undefined): string {
  if (details === null) return '';
  return inferred?.quoted ? details.replace(inferred.quoted, VALUE_PLACEHOLDER) : details;
}

/** Groups one data table's rejected rows (empty problems when it has no error or no rows). */
export function groupProblems(table: DataTableDetail): TableErrorGroups {
  const error = table.error;
  const description = { column: describedColumn(error?.description), text: error?.description ?? null };
  const groups = new Map<string | null, Map<string, ProblemGroup>>();
  const order: ProblemGroup[] = [];
  const columns = new Map<string | null, ColumnCount>();

  for (const detail of error?.parsing_error_details ?? []) {
    const row = detail.row ?? {};
    const details = detail.details ?? null;
    const inferred = inferColumn(row, details, description);
    const column = inferred?.column ?? null;
    const message = problemMessage(details, inferred);
    // Keyed by column, then message: exact for any text, no separator that a cell could contain.
    let byMessage = groups.get(column);
    if (!byMessage) {
      byMessage = new Map();
      groups.set(column, byMessage);
    }
    let group = byMessage.get(message);
    if (!group) {
      group = { column, message, count: 0, examples: [] };
      byMessage.set(message, group);
      order.push(group);
    }
    group.count++;
    if (
      inferred?.quoted &&
      group.examples.length < MAX_EXAMPLES &&
      !group.examples.some((example) => sameValue(example, inferred.value))
    ) {
      group.examples.push(inferred.value);
    }
    const columnCount = columns.get(column) ?? { column, count: 0 };
    columnCount.count++;
    columns.set(column, columnCount);
  }

  return {
    dataTableKey: table.data_table_key,
    title: error?.title ?? null,
    description: error?.description ?? null,
    rejectedRows: rejectedRowCount(table),
    problems: biggestFirst(order),
    columns: biggestFirst([...columns.values()]),
  };
}

/** What the terminal summary shows of one import. */
export interface ErrorsSummary {
  importId: string;
  status: string;
  statusKnown: boolean;
  outcome: Outcome;
  progress: number | null;
  /** Rows rejected in the tables shown (after --table). */
  rejectedRows: number;
  /** The failing data tables shown, in the import's order. */
  tables: TableErrorGroups[];
}

/** The import's data tables narrowed to `tables` (every one when empty). */
export function selectedTables(dataImport: DataImport, tables: readonly string[]): DataTableDetail[] {
  const all = dataImport.data_tables_details;
  return tables.length ? all.filter((table) => tables.includes(table.data_table_key)) : all;
}

/** Like importOutcome, but only the tables asked for with --table can make it fail. */
export function selectedOutcome(dataImport: DataImport, tables: readonly string[]): Outcome {
  if (!isFinished(dataImport)) return 'running';
  return selectedTables(dataImport, tables).some((table) => table.error != null) ? 'failed' : 'succeeded';
}

export function selectedRowCount(dataImport: DataImport, tables: readonly string[]): number {
  let total = 0;
  for (const table of selectedTables(dataImport, tables)) total += rejectedRowCount(table);
  return total;
}

/** Groups every failing data table shown: one pass over its rows. */
export function summarizeErrors(dataImport: DataImport, tables: readonly string[]): ErrorsSummary {
  const groups = selectedTables(dataImport, tables)
    .filter((table) => table.error != null)
    .map(groupProblems);
  return {
    importId: dataImport.id,
    status: dataImport.status,
    statusKnown: isKnownStatus(dataImport.status),
    outcome: selectedOutcome(dataImport, tables),
    progress: dataImport.progress ?? null,
    rejectedRows: groups.reduce((sum, table) => sum + table.rejectedRows, 0),
    tables: groups,
  };
}

// Array.prototype.sort is stable, so equal counts keep their first-seen order.
const biggestFirst = <T extends { count: number }>(items: T[]): T[] =>
  items.sort((a, b) => b.count - a.count);
