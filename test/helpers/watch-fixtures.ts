// What the watch tests share: imports at any stage, described in a few words ({ status, progress,
// tables }) and built with the shared builders; the fake API in its single-attempt form; and the
// failures a watcher meets.
import type { ImportDocument } from '../../src/api/schema.js';
import type { CommandDeps } from '../../src/commands/command.js';
import { QiError } from '../../src/errors.js';
import {
  aDataTable,
  aFetchedImport,
  anImportDocument,
  aParsingError,
  aRejectedRow,
  DOCUMENTED_ID,
  stageTimes,
} from './builders.js';
import { type Answer, type FakeApi, fakeApi } from './fake-api.js';
import { type FakeDeps, fakeCommandDeps, fakeDeps } from './fake-deps.js';

export const ID = DOCUMENTED_ID;
export const OTHER_ID = '647a13fe875af4b4eb7133c3';

export interface TableSpec {
  key?: string;
  status?: string;
  progress?: number | null;
  records?: number | null;
  /** Number of rejected rows: attaches a ParsingError like the documented one. */
  rejected?: number;
}

export interface ImportSpec {
  id?: string;
  status?: string;
  progress?: number | null;
  tables?: TableSpec[];
}

/** A document at the given status (started unless told), its tables 50% done unless told. */
export function importDoc(spec: ImportSpec = {}): ImportDocument {
  const status = spec.status ?? 'started';
  const tables = spec.tables ?? [{ key: 'companies', status, progress: spec.progress ?? 50, records: 60 }];
  return anImportDocument({
    id: spec.id ?? ID,
    ...stageTimes(status),
    status,
    progress: spec.progress === undefined ? (status === 'finished' ? 100 : 50) : spec.progress,
    data_tables_details: tables.map((table) =>
      aDataTable({
        status: table.status ?? status,
        data_table_key: table.key ?? 'companies',
        progress: table.progress === undefined ? 50 : table.progress,
        number_of_records: table.records === undefined ? 10 : table.records,
        error: table.rejected
          ? aParsingError(
              Array.from({ length: table.rejected }, (_, i) =>
                aRejectedRow({ line_number: i + 1, row: { id: String(i + 1), amount: 'AAAAA' } }),
              ),
            )
          : null,
      }),
    ),
  });
}

/** As the API client returns it; the raw body is pretty-printed, as a server might send it. */
export const fetched = (spec: ImportSpec = {}) => aFetchedImport(importDoc(spec));

export const finished = (spec: ImportSpec = {}) => fetched({ progress: 100, ...spec, status: 'finished' });

export const unavailable = (status = 503, retryAfterMs?: number) =>
  new QiError('unavailable', `fetching import ${ID}: HTTP ${status}`, {
    importId: ID,
    status,
    transient: true,
    reason: `HTTP ${status}`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });

export const notFound = (id = ID) =>
  new QiError('not_found', `import ${id} not found`, { importId: id, status: 404 });

/** The fake API as the watcher must use it: single attempts only (it retries by itself). */
export const scriptedApi = (scripts: Record<string, Answer[]>): FakeApi =>
  fakeApi(scripts, { onlyOnce: true });

export type WatchDeps = FakeDeps & CommandDeps & { api: FakeApi };

export function watchDeps(api: FakeApi, overrides: Parameters<typeof fakeDeps>[0] = {}): WatchDeps {
  return fakeCommandDeps(api, fakeDeps(overrides));
}
