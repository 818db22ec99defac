// Builders shared by the watch tests: import documents shaped like Qobra's documented example,
// a scripted fake API, and CommandDeps on top of fakeDeps().
import type { FetchedImport, ImportsApi } from '../../src/api/client.js';
import type { ImportDocument } from '../../src/api/schema.js';
import type { CommandDeps } from '../../src/commands/command.js';
import { QiError } from '../../src/errors.js';
import { createTalk } from '../../src/terminal/talk.js';
import { type FakeDeps, fakeDeps } from './fake-deps.js';

export const ID = '647a13fe875af4b4eb7133c2';
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

/** A document like fixtures/fetch-import-example.json, with the given status and tables. */
export function importDoc(spec: ImportSpec = {}): ImportDocument {
  const status = spec.status ?? 'started';
  const tables = spec.tables ?? [{ key: 'companies', status, progress: spec.progress ?? 50, records: 60 }];
  return {
    data_import: {
      id: spec.id ?? ID,
      created_at: '2024-06-25T09:58:32Z',
      launched_at: status === 'scheduled' ? null : '2024-06-25T10:03:27Z',
      finished_at: status === 'finished' ? '2024-06-25T10:14:12Z' : null,
      status,
      progress: spec.progress === undefined ? (status === 'finished' ? 100 : 50) : spec.progress,
      data_tables_details: tables.map((table) => ({
        type: 'api',
        status: table.status ?? status,
        data_table_key: table.key ?? 'companies',
        progress: table.progress === undefined ? 50 : table.progress,
        number_of_records: table.records === undefined ? 10 : table.records,
        error: table.rejected
          ? {
              title: 'ParsingError',
              description: "Can't parse 'AAAAA' as float for user attribute amount",
              parsing_error_details: Array.from({ length: table.rejected }, (_, i) => ({
                line_number: i + 1,
                row: { id: String(i + 1), amount: 'AAAAA' },
                details: "ValueError: could not convert string to float: 'AAAAA'",
              })),
            }
          : null,
      })),
    },
  };
}

/** As the API client returns it; the raw body is pretty-printed, as a server might send it. */
export function fetched(spec: ImportSpec = {}): FetchedImport {
  const document = importDoc(spec);
  return { id: spec.id ?? ID, raw: JSON.stringify(document, null, 2), document };
}

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

/** One scripted step: an answer, a failure, or a function for anything fancier (hanging, aborting). */
export type Step = FetchedImport | QiError | Error | ((signal?: AbortSignal) => Promise<FetchedImport>);

export interface ScriptedApi extends ImportsApi {
  /** Every look-up made, in order. */
  calls: string[];
}

/** Answers each id from its script in order; the last step repeats forever (a stuck import). */
export function scriptedApi(scripts: Record<string, Step[]>): ScriptedApi {
  const calls: string[] = [];
  const next = async (id: string, signal?: AbortSignal): Promise<FetchedImport> => {
    calls.push(id);
    const script = scripts[id];
    if (!script?.length) throw new Error(`no script for ${id}`);
    const step = (script.length > 1 ? script.shift() : script[0]) as Step;
    if (typeof step === 'function') return step(signal);
    if (step instanceof Error) throw step;
    return step;
  };
  return {
    calls,
    fetchImportOnce: next,
    fetchImport: () => Promise.reject(new Error('the watcher must use fetchImportOnce')),
  };
}

export type WatchDeps = FakeDeps & CommandDeps & { api: ScriptedApi };

export function watchDeps(api: ScriptedApi, overrides: Parameters<typeof fakeDeps>[0] = {}): WatchDeps {
  const deps = fakeDeps(overrides);
  return { ...deps, api, talk: createTalk(deps.stderr, { spinner: false }) };
}
