/**
 * The data tables the sandbox knows for record ingestion, with typed columns, and the check that
 * turns a sent record into a parsing failure or not. Pure, so the rules are tested without HTTP.
 */
import {
  dateFailure,
  dateProblem,
  emailFailure,
  type Failure,
  floatFailure,
  integerFailure,
  requiredFailure,
  userFailure,
} from './failures.js';

export type ColumnType = 'string' | 'integer' | 'float' | 'date' | 'email' | 'user';

export interface TableSchema {
  key: string;
  /** The table's id field: the one value a record cannot do without. */
  idColumn: string;
  columns: Record<string, ColumnType>;
}

/** Users of the sandbox's workspace: `user` columns must name one of them (the documented example's first). */
export const KNOWN_USER_EMAILS: readonly string[] = [
  'user@example.fr',
  'alice.martin@example.fr',
  'bruno.dupont@example.fr',
  'chloe.bernard@example.fr',
  'david.petit@example.fr',
  'emma.laurent@example.fr',
];

export const TABLES: Readonly<Record<string, TableSchema>> = {
  companies: {
    key: 'companies',
    idColumn: 'id',
    columns: { id: 'string', name: 'string', employees: 'integer', created: 'date' },
  },
  opportunities: {
    key: 'opportunities',
    idColumn: 'id',
    columns: { id: 'string', name: 'string', user: 'user', amount: 'float', close_date: 'date' },
  },
  users: {
    key: 'users',
    idColumn: 'email',
    columns: { email: 'email', name: 'string', quota: 'float' },
  },
};

/** The table, if the sandbox knows it (own keys only: `constructor` is not a table). */
export function findTable(key: string): TableSchema | undefined {
  return Object.hasOwn(TABLES, key) ? TABLES[key] : undefined;
}

/**
 * How Qobra shows a sent value in `row`: every cell is a string (the documented example turns the
 * id 1 into "1"). Booleans and null follow Python's str(), since the parser is Python.
 */
export function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

const PY_FLOAT = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)\s*$/i;
const PY_INT = /^\s*[+-]?\d+\s*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const KNOWN_USERS = new Set(KNOWN_USER_EMAILS.map((email) => email.toLowerCase()));

function checkValue(column: string, type: ColumnType, text: string): Failure | null {
  switch (type) {
    case 'string':
      return null;
    case 'integer':
      return PY_INT.test(text) ? null : integerFailure(column, text);
    case 'float':
      return PY_FLOAT.test(text) ? null : floatFailure(column, text);
    case 'date':
      return dateProblem(text) === null ? null : dateFailure(column, text);
    case 'email':
      return EMAIL.test(text) ? null : emailFailure(column, text);
    case 'user':
      return KNOWN_USERS.has(text.trim().toLowerCase()) ? null : userFailure(column, text);
  }
}

/**
 * The first reason the record does not fit the table, or null. A missing or empty cell is an empty
 * value, allowed everywhere but in the id field; columns the table does not have are ignored, as
 * Qobra ignores fields whose API key it does not know.
 */
export function checkRecord(table: TableSchema, record: Readonly<Record<string, unknown>>): Failure | null {
  for (const [column, type] of Object.entries(table.columns)) {
    const value = Object.hasOwn(record, column) ? record[column] : undefined;
    if (value === undefined || value === null || value === '') {
      if (column === table.idColumn) return requiredFailure(column);
      continue;
    }
    const failure = checkValue(column, type, cellText(value));
    if (failure) return failure;
  }
  return null;
}

/** The record as Qobra echoes it in `parsing_error_details[].row`. */
export function rowText(record: Readonly<Record<string, unknown>>): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [column, value] of Object.entries(record)) row[column] = cellText(value);
  return row;
}
