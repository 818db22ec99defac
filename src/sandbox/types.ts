/**
 * The sandbox's own picture of Qobra's import document and of a scenario's answers. Kept apart from
 * src/api's zod schemas on purpose: the fake must be able to serve documents the client rejects
 * (wrong shapes, broken JSON), so it cannot share the client's types.
 */

export type ImportStatus = 'scheduled' | 'started' | 'finished';
export type DataTableType = 'api' | 'csv' | 'integration';

export interface ParsingErrorDetail {
  line_number: number;
  row: Record<string, string>;
  details: string;
}

export interface ImportError {
  title: string;
  description: string;
  parsing_error_details: ParsingErrorDetail[];
}

/** Key order matches Qobra's documented example, so served documents read like the real ones. */
export interface DataTableDetails {
  type: DataTableType;
  status: ImportStatus;
  data_table_key: string;
  progress: number;
  number_of_records: number | null;
  error: ImportError | null;
}

export interface DataImport {
  id: string;
  created_at: string;
  launched_at: string | null;
  finished_at: string | null;
  status: ImportStatus;
  progress: number;
  data_tables_details: DataTableDetails[];
}

export interface ImportDocument {
  data_import: DataImport;
}

/** What the server does with one request; scenarios return these so they stay pure. */
export type Reply =
  | {
      kind: 'send';
      status: number;
      body: string | Buffer;
      headers?: Record<string, string>;
      /** Scenario milliseconds to wait before answering; the server divides by timeScale. */
      delayMs?: number;
    }
  /** Destroy the socket without answering: a dropped connection. */
  | { kind: 'drop' };

/** Everything a scenario may depend on for one request. */
export interface ScenarioRequest {
  /** Scenario time since the first request for this id, already multiplied by timeScale. */
  elapsedMs: number;
  /** 1 for the first request for this id on this sandbox, then 2, 3… */
  requestNumber: number;
  /** Wall-clock milliseconds (the sandbox's `now`) of the first request for this id. */
  startedAt: number;
  /** How much faster than real time scenarios run (1 = real time). */
  timeScale: number;
}

export interface ScenarioInfo {
  id: string;
  name: string;
  description: string;
}

export interface Scenario extends ScenarioInfo {
  reply(request: ScenarioRequest): Reply;
}
