// A status the docs do not list, at any level, means "not finished": for status/errors (8) and for watch.

import { describe, expect, it } from 'vitest';
import type { FetchedImport } from '../../src/api/client.js';
import type { ImportDocument } from '../../src/api/schema.js';
import { exitCodeForOutcome, importOutcome, isFinished } from '../../src/model/outcome.js';
import { selectedOutcome, selectImport } from '../../src/model/selection.js';
import { type PollEvent, pollImport } from '../../src/watch/poll.js';
import { jsonText } from '../helpers/builders.js';

function doc(status: string, tableStatuses: string[], withError = false): ImportDocument {
  return {
    data_import: {
      id: 'imp',
      created_at: '2024-06-25T09:58:32Z',
      launched_at: '2024-06-25T10:03:27Z',
      finished_at: status === 'finished' ? '2024-06-25T10:14:12Z' : null,
      status,
      progress: 100,
      data_tables_details: tableStatuses.map((tableStatus, index) => ({
        type: 'api',
        status: tableStatus,
        data_table_key: `table${index}`,
        progress: 100,
        number_of_records: 10,
        error:
          withError && index === 0
            ? { title: 'ParsingError', description: 'bad', parsing_error_details: [] }
            : null,
      })),
    },
  };
}

describe('isFinished / importOutcome', () => {
  it.each([
    ['finished, every table finished', doc('finished', ['finished', 'finished']), true, 'succeeded', 0],
    ['finished, a table "weird"', doc('finished', ['finished', 'weird']), false, 'running', 8],
    ['finished, an error and a table "weird"', doc('finished', ['weird'], true), false, 'running', 8],
    ['"weird" itself', doc('weird', ['finished']), false, 'running', 8],
    ['finished, no tables', doc('finished', []), true, 'succeeded', 0],
    ['finished with an error', doc('finished', ['finished'], true), true, 'failed', 1],
  ])('%s', (_name, document, finished, outcome, exitCode) => {
    expect(isFinished(document.data_import)).toBe(finished);
    expect(importOutcome(document.data_import)).toBe(outcome);
    expect(exitCodeForOutcome(importOutcome(document.data_import))).toBe(exitCode);
  });

  it('errors --table: an unknown status in any table keeps the import "not finished"', () => {
    const document = doc('finished', ['finished', 'weird']);
    const outcome = (whole: ImportDocument['data_import'], tables: string[]) =>
      selectedOutcome(whole, selectImport(whole, { tables }));
    expect(outcome(document.data_import, [])).toBe('running');
    expect(outcome(document.data_import, ['table0'])).toBe('running');
    expect(outcome(doc('finished', ['finished']).data_import, ['table0'])).toBe('succeeded');
  });
});

describe('pollImport and unknown statuses', () => {
  it('keeps polling a finished import whose data table reports "weird", and stops once it is really finished', async () => {
    const answers = [doc('finished', ['weird']), doc('finished', ['weird']), doc('finished', ['finished'])];
    let calls = 0;
    let clock = 0;
    const fetch = async (): Promise<FetchedImport> => {
      const document = answers[Math.min(calls++, answers.length - 1)] as ImportDocument;
      return { id: 'imp', raw: jsonText(JSON.stringify(document)), document };
    };
    const events: PollEvent[] = [];
    const runtime = {
      fetch,
      now: () => clock,
      sleep: async (ms: number) => {
        clock += ms;
      },
      random: () => 0,
      signal: new AbortController().signal,
    };
    for await (const event of pollImport('imp', { intervalMs: 1000 }, runtime)) events.push(event);
    expect(calls).toBe(3);
    expect(events.map((event) => event.type === 'snapshot' && event.finished)).toEqual([false, false, true]);
  });
});
