// The one fake ImportsApi for command and watcher tests: answers scripted per import id, every

// look-up recorded, and no network.
import type { FetchedImport, ImportsApi } from '../../src/api/client.js';
import { type DataImport, validateImportDocument } from '../../src/api/schema.js';
import { jsonText } from './builders.js';

/**
 * One answer to a look-up:
 * - a FetchedImport, returned as is;
 * - a DataImport, wrapped as `{ data_import }` with that JSON as the raw body;
 * - a string, the raw body: parsed and validated as the real client would;
 * - an Error (a QiError usually), thrown;
 * - a function, for anything fancier (hanging until aborted, aborting, counting).
 */
export type Answer =
  | FetchedImport
  | DataImport
  | string
  | Error
  | ((signal?: AbortSignal) => Promise<FetchedImport>);

export interface FakeApiOptions {
  /**
   * Real-time waits before each answer, so that later ids can finish first; with this option, ids
   * not listed still wait one timer turn (0 ms), like any network answer.
   */
  delays?: Record<string, number>;
  /** fetchImport rejects: for code that must make single attempts and retry by itself (the watcher). */
  onlyOnce?: boolean;
}

export interface FakeApi extends ImportsApi {
  /** Every id looked up, in the order asked. */
  calls: string[];
}

function fetchedFrom(id: string, answer: FetchedImport | DataImport | string): FetchedImport {
  if (typeof answer === 'string') {
    const result = validateImportDocument(JSON.parse(answer));
    if (!result.ok) throw new Error(result.problem);
    return { id, raw: jsonText(answer), document: result.document };
  }
  if ('raw' in answer && 'document' in answer) return answer as FetchedImport;
  const document = { data_import: answer as DataImport };
  return { id, raw: jsonText(JSON.stringify(document)), document };
}

/**
 * Answers each id with its answer, or from its list of answers in order, the last one repeating
 * forever (a stuck import). A look-up of an id with no answer is a mistake in the test: it throws.
 */
export function fakeApi(answers: Record<string, Answer | Answer[]>, options: FakeApiOptions = {}): FakeApi {
  const calls: string[] = [];
  const asked = new Map<string, number>();
  const answer = async (id: string, signal?: AbortSignal): Promise<FetchedImport> => {
    calls.push(id);
    const script = answers[id];
    const steps = Array.isArray(script) ? script : script === undefined ? [] : [script];
    if (steps.length === 0) throw new Error(`fake API: no answer for import ${id}`);
    const seen = asked.get(id) ?? 0;
    asked.set(id, seen + 1);
    if (options.delays) await new Promise((resolve) => setTimeout(resolve, options.delays?.[id] ?? 0));
    const step = steps[Math.min(seen, steps.length - 1)]!;
    if (typeof step === 'function') return step(signal);
    if (step instanceof Error) throw step;
    return fetchedFrom(id, step);
  };
  return {
    calls,
    fetchImportOnce: answer,
    fetchImport: options.onlyOnce
      ? () => Promise.reject(new Error('fake API: this caller must use fetchImportOnce'))
      : answer,
  };
}
