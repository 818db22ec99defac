// Pure facts about an import: durations, outcome and exit code, summary, error rows, progress bars.
import { describe, expect, it } from 'vitest';
import type { DataImport, DataTableDetail } from '../../src/api/schema.js';
import { formatDuration, formatTimestamp, importTimes, parseTimestamp } from '../../src/model/durations.js';
import { errorRows } from '../../src/model/error-rows.js';
import {
  exitCodeForOutcome,
  importOutcome,
  totalRejectedRows,
  unknownStatuses,
} from '../../src/model/outcome.js';
import { outcomeLabel, plural, summarizeImport } from '../../src/model/summary.js';
import { clampPercent, formatPercent, renderProgressBar } from '../../src/render/progress-bar.js';
import { aDataTable, anImport } from '../helpers/builders.js';
import { documentedExample } from '../helpers/documented-example.js';

const FIXTURE: DataImport = documentedExample().document.data_import;
const NOW = Date.parse('2024-06-25T10:20:00Z');
const at = (iso: string) => Date.parse(iso);

const table = (overrides: Partial<DataTableDetail> = {}): DataTableDetail =>
  aDataTable({ data_table_key: 'k', number_of_records: 1, ...overrides });
const withTables = (status: string, tables: DataTableDetail[]): DataImport =>
  anImport({ status, data_tables_details: tables });
const failedTable = table({ error: { title: 'T', description: 'D', parsing_error_details: [] } });

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1_000, '1s'],
    [12_400, '12s'],
    [59_999, '59s'],
    [60_000, '1m 00s'],
    [295_000, '4m 55s'],
    [645_000, '10m 45s'],
    [3_600_000, '1h 00m'],
    [7_500_000, '2h 05m'],
    [86_400_000, '1d 00h'],
    [273_600_000, '3d 04h'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('importTimes', () => {
  it('measures queued and ran for a finished import', () => {
    const times = importTimes(FIXTURE, NOW);
    expect(times).toEqual({
      createdAt: at('2024-06-25T09:58:32Z'),
      launchedAt: at('2024-06-25T10:03:27Z'),
      finishedAt: at('2024-06-25T10:14:12Z'),
      queuedMs: 295_000,
      ranMs: 645_000,
    });
    expect(formatDuration(times.queuedMs!)).toBe('4m 55s');
    expect(formatDuration(times.ranMs!)).toBe('10m 45s');
  });

  it('measures up to now while running or queued', () => {
    expect(importTimes({ ...FIXTURE, finished_at: null }, NOW).ranMs).toBe(NOW - at('2024-06-25T10:03:27Z'));
    const queued = importTimes({ ...FIXTURE, launched_at: null, finished_at: null }, NOW);
    expect(queued).toEqual({
      createdAt: at('2024-06-25T09:58:32Z'),
      queuedMs: NOW - at('2024-06-25T09:58:32Z'),
    });
  });

  it('never shows a negative duration when clocks disagree', () => {
    expect(
      importTimes({ ...FIXTURE, launched_at: null, finished_at: null }, at('2024-06-25T09:00:00Z')).queuedMs,
    ).toBe(0);
  });

  it('ignores missing and unparsable timestamps', () => {
    expect(
      importTimes({ ...FIXTURE, created_at: 'yesterday', launched_at: undefined, finished_at: '' }, NOW),
    ).toEqual({});
    expect(parseTimestamp(null)).toBeUndefined();
    expect(formatTimestamp(at('2024-06-25T10:03:27.900Z'))).toBe('2024-06-25 10:03:27 UTC');
  });
});

describe('outcome', () => {
  it.each<[string, DataTableDetail[], string, number]>([
    ['finished', [table(), table()], 'succeeded', 0],
    ['finished', [], 'succeeded', 0],
    ['finished', [table(), failedTable], 'failed', 1],
    ['scheduled', [], 'running', 8],
    ['started', [failedTable], 'running', 8],
    ['paused', [table()], 'running', 8],
    ['FINISHED', [table()], 'running', 8],
  ])('%s with %j → %s, exit %i', (status, tables, outcome, exitCode) => {
    expect(importOutcome(withTables(status, tables))).toBe(outcome);
    expect(exitCodeForOutcome(importOutcome(withTables(status, tables)))).toBe(exitCode);
  });

  it('counts rejected rows and reports undocumented statuses once each', () => {
    expect(totalRejectedRows(FIXTURE)).toBe(1);
    const odd = withTables('paused', [table({ status: 'paused' }), table({ status: 'queued' }), table()]);
    expect(unknownStatuses(odd)).toEqual(['paused', 'queued']);
    expect(unknownStatuses(FIXTURE)).toEqual([]);
  });
});

describe('summarizeImport', () => {
  it('collects every fact the views show', () => {
    const summary = summarizeImport(FIXTURE, NOW);
    expect(summary).toMatchObject({
      id: '647a13fe875af4b4eb7133c2',
      status: 'finished',
      statusKnown: true,
      outcome: 'failed',
      progress: 100,
    });
    expect(summary).toMatchObject({ rejectedRows: 1, tablesWithErrors: 1 });
    expect(summary.tables).toEqual([
      expect.objectContaining({
        key: 'companies',
        records: 122,
        hasError: false,
        rejectedRows: 0,
        errorTitle: null,
      }),
      expect.objectContaining({
        key: 'opportunities',
        records: null,
        hasError: true,
        rejectedRows: 1,
        errorTitle: 'ParsingError',
        errorDescription: "Can't parse 'AAAAA' as float for user attribute amount",
      }),
    ]);
    expect(outcomeLabel(summary)).toBe('finished with errors');
  });

  it('labels unknown statuses as such', () => {
    expect(outcomeLabel(summarizeImport(withTables('paused', []), NOW))).toBe('paused (unknown status)');
    expect(outcomeLabel(summarizeImport(withTables('started', []), NOW))).toBe('started');
    expect(plural(1, 'rejected row')).toBe('1 rejected row');
    expect(plural(3, 'rejected row')).toBe('3 rejected rows');
  });
});

describe('errorRows', () => {
  it('flattens parsing errors into the errors --json shape', () => {
    expect([...errorRows('647a', FIXTURE)]).toEqual([
      {
        import_id: '647a',
        data_table_key: 'opportunities',
        title: 'ParsingError',
        description: "Can't parse 'AAAAA' as float for user attribute amount",
        line_number: 1,
        row: { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
        details: "ValueError: could not convert string to float: 'AAAAA'",
      },
    ]);
  });

  it('fills nulls for missing parts and filters by table', () => {
    const doc = withTables('finished', [
      table({ data_table_key: 'a', error: { parsing_error_details: [{}, { line_number: 7, row: null }] } }),
      table({ data_table_key: 'b', error: { title: 'X', parsing_error_details: [{ line_number: 2 }] } }),
    ]);
    expect(
      [...errorRows('i', doc)].map((r) => [r.data_table_key, r.line_number, r.title, r.row, r.details]),
    ).toEqual([
      ['a', null, null, null, null],
      ['a', 7, null, null, null],
      ['b', 2, 'X', null, null],
    ]);
    expect([...errorRows('i', doc, { tables: ['b'] })].map((r) => r.data_table_key)).toEqual(['b']);
    expect([...errorRows('i', doc, { tables: [] })]).toHaveLength(3);
  });
});

describe('progress bar', () => {
  it.each([
    [0, 10, '░░░░░░░░░░'],
    [100, 10, '██████████'],
    [50, 10, '█████░░░░░'],
    [55, 10, '█████▌░░░░'],
    [150, 4, '████'],
    [-20, 4, '░░░░'],
    [null, 4, '░░░░'],
    [Number.NaN, 4, '░░░░'],
  ])('%s% in %i cells → %s', (percent, width, bar) => {
    expect(renderProgressBar(percent, width)).toBe(bar);
  });

  it('is always exactly the width asked for', () => {
    for (let percent = 0; percent <= 100; percent += 0.7) {
      for (const width of [1, 7, 12, 24]) expect([...renderProgressBar(percent, width)]).toHaveLength(width);
    }
  });

  it('formats percentages', () => {
    expect([
      formatPercent(42),
      formatPercent(99.5),
      formatPercent(12.34),
      formatPercent(null),
      formatPercent(140),
    ]).toEqual(['42%', '99.5%', '12.3%', '?', '100%']);
    expect(clampPercent(undefined)).toBeUndefined();
  });
});
