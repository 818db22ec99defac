// Test data shaped like Qobra's documented example (test/fixtures/fetch-import-example.json): called
// without arguments, each builder returns its part of that example (a test pins this), and a test
// overrides only the fields it is about. Every call returns new objects, safe to change.

import type { FetchedImport } from '../../src/api/client.js';
import type { JsonText } from '../../src/api/import-document.js';
import type {
  DataImport,
  DataTableDetail,
  DataTableError,
  ImportDocument,
  ParsingErrorDetail,
} from '../../src/api/schema.js';
import { compactJson } from '../../src/render/json.js';

export const DOCUMENTED_ID = '647a13fe875af4b4eb7133c2';

const CREATED_AT = '2024-06-25T09:58:32Z';
const LAUNCHED_AT = '2024-06-25T10:03:27Z';
const FINISHED_AT = '2024-06-25T10:14:12Z';

/** A rejected row (a `parsing_error_details` entry): the documented one, an amount that is not a number. */
export function aRejectedRow(overrides: Partial<ParsingErrorDetail> = {}): ParsingErrorDetail {
  return {
    line_number: 1,
    row: { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
    details: "ValueError: could not convert string to float: 'AAAAA'",
    ...overrides,
  };
}

/** A data table's error: the documented ParsingError, listing the given rejected rows. */
export function aParsingError(
  rows: ParsingErrorDetail[] = [aRejectedRow()],
  overrides: Partial<DataTableError> = {},
): DataTableError {
  return {
    title: 'ParsingError',
    description: "Can't parse 'AAAAA' as float for user attribute amount",
    parsing_error_details: rows,
    ...overrides,
  };
}

/** A data table: the documented "companies", an API table that finished without error. */
export function aDataTable(overrides: Partial<DataTableDetail> = {}): DataTableDetail {
  return {
    type: 'api',
    status: 'finished',
    data_table_key: 'companies',
    progress: 100,
    number_of_records: 122,
    error: null,
    ...overrides,
  };
}

/** A data table that rejected rows: the documented "opportunities" (no record count, a ParsingError). */
export function aFailingTable(
  rows: ParsingErrorDetail[] = [aRejectedRow()],
  overrides: Partial<DataTableDetail> = {},
): DataTableDetail {
  return aDataTable({
    data_table_key: 'opportunities',
    number_of_records: null,
    error: aParsingError(rows),
    ...overrides,
  });
}

/** An import: the documented one, finished, with a clean table and a table that rejected a row. */
export function anImport(overrides: Partial<DataImport> = {}): DataImport {
  return {
    id: DOCUMENTED_ID,
    created_at: CREATED_AT,
    launched_at: LAUNCHED_AT,
    finished_at: FINISHED_AT,
    status: 'finished',
    progress: 100,
    data_tables_details: [aDataTable(), aFailingTable()],
    ...overrides,
  };
}

/** The timestamps an import has at a status: only a launched one has launched_at, a finished one finished_at. */
export function stageTimes(status: string): Pick<DataImport, 'created_at' | 'launched_at' | 'finished_at'> {
  return {
    created_at: CREATED_AT,
    launched_at: status === 'scheduled' ? null : LAUNCHED_AT,
    finished_at: status === 'finished' ? FINISHED_AT : null,
  };
}

/** A response body's document: `{ data_import }`. */
export function anImportDocument(overrides: Partial<DataImport> = {}): ImportDocument {
  return { data_import: anImport(overrides) };
}

/** As the API client returns it; the raw body is pretty-printed (as a server might send it) unless given. */
export function aFetchedImport(
  document: ImportDocument = anImportDocument(),
  raw = JSON.stringify(document, null, 2),
): FetchedImport {
  return { id: document.data_import.id, raw: jsonText(raw), document };
}

/** A body already in hand, as the JsonText a FetchedImport carries (the client builds it from a spool). */
export const jsonText = (text: string): JsonText => ({ pieces: () => [compactJson(text)] });

/** The body a FetchedImport carries, as one (compact) string. */
export const rawText = (fetched: FetchedImport): string => [...fetched.raw.pieces()].join('');

/** A document with every rejected-row list read into an array, to compare with plain parsed JSON. */
export function withRowArrays(document: ImportDocument): ImportDocument {
  return {
    ...document,
    data_import: {
      ...document.data_import,
      data_tables_details: document.data_import.data_tables_details.map((table) =>
        table.error?.parsing_error_details
          ? {
              ...table,
              error: { ...table.error, parsing_error_details: [...table.error.parsing_error_details] },
            }
          : table,
      ),
    },
  };
}
