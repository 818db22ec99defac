import { describe, expect, it } from 'vitest';
import { ingestionPlan, parseIngestQuery, parseRecordsBody } from '../../src/sandbox/ingest.js';
import { cellText, checkRecord, TABLES } from '../../src/sandbox/tables.js';
import { importAt, liveClock } from '../../src/sandbox/timeline.js';

const companies = TABLES.companies!;
const opportunities = TABLES.opportunities!;
const users = TABLES.users!;

describe('parseIngestQuery', () => {
  it.each([
    ['', { all: false, debounceSeconds: 0 }],
    ['all=true', { all: true, debounceSeconds: 0 }],
    ['all=FALSE&debounce=0', { all: false, debounceSeconds: 0 }],
    ['all=true&debounce=30', { all: true, debounceSeconds: 30 }],
  ])('%j reads as %j', (query, expected) => {
    expect(parseIngestQuery(new URLSearchParams(query))).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['all=yes', /'all' must be true or false/],
    ['all=', /'all' must be true or false/],
    ['debounce=true', /'debounce' must be a whole number/],
    ['debounce=-1', /'debounce' must be a whole number/],
    ['debounce=1.5', /'debounce' must be a whole number/],
    ['debounce=99999', /'debounce' must be a whole number/],
    ['all=true&all=false', /more than once/],
  ])('%j is refused', (query, message) => {
    const parsed = parseIngestQuery(new URLSearchParams(query));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('parseRecordsBody', () => {
  it('takes an array of records or {"records": [...]}', () => {
    expect(parseRecordsBody('[{"id":"1"}]')).toEqual({ ok: true, value: [{ id: '1' }] });
    expect(parseRecordsBody('{"records":[{"id":"1"}]}')).toEqual({ ok: true, value: [{ id: '1' }] });
    expect(parseRecordsBody('[]')).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['{', /^body is not valid JSON: /],
    ['{"id":"1"}', /must be a JSON array of records/],
    ['"text"', /must be a JSON array of records/],
    ['[{"id":"1"}, 2]', /^record 2 is not a JSON object$/],
    ['[null]', /^record 1 is not a JSON object$/],
  ])('%j is refused', (text, message) => {
    const parsed = parseRecordsBody(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describe('cellText', () => {
  it.each([
    [1, '1'],
    [12.5, '12.5'],
    [true, 'True'],
    [null, 'None'],
    ['AAAAA', 'AAAAA'],
    [{ a: 1 }, '{"a":1}'],
  ])('shows %j as %j', (value, text) => {
    expect(cellText(value)).toBe(text);
  });
});

describe('checkRecord', () => {
  it.each([
    [companies, { id: '1', name: 'Acme', employees: 12, created: '2024-01-31' }],
    [companies, { id: 1, employees: '12', created: '2024-01-31T10:00:00Z', extra: 'ignored' }],
    [companies, { id: '1', employees: null, created: '' }],
    [opportunities, { id: '1', user: 'USER@example.fr', amount: '12.5', close_date: '2024-02-29' }],
    [opportunities, { id: '1', user: 'alice.martin@example.fr', amount: 1e3 }],
    [users, { email: 'a@b.fr', name: 'A', quota: '-3' }],
  ])('accepts %#', (table, record) => {
    expect(checkRecord(table, record)).toBeNull();
  });

  it.each([
    [opportunities, { id: '1', amount: 'AAAAA' }, "ValueError: could not convert string to float: 'AAAAA'"],
    [opportunities, { id: '1', amount: '12,5' }, "ValueError: could not convert string to float: '12,5'"],
    [opportunities, { id: '1', amount: true }, "ValueError: could not convert string to float: 'True'"],
    [companies, { id: '1', employees: 12.5 }, "ValueError: invalid literal for int() with base 10: '12.5'"],
    [
      companies,
      { id: '1', created: '31/01/2024' },
      "ValueError: time data '31/01/2024' does not match format '%Y-%m-%d'",
    ],
    [companies, { id: '1', created: '2024-02-30' }, 'ValueError: day is out of range for month'],
    [companies, { id: '1', created: '2024-13-01' }, 'ValueError: month must be in 1..12'],
    [
      opportunities,
      { id: '1', user: 'nobody@acme.io' },
      "UserNotFound: no user with email 'nobody@acme.io' in this workspace",
    ],
    [users, { email: 'jean at acme.io' }, "ValueError: 'jean at acme.io' is not a valid email address"],
    [companies, { name: 'no id' }, "ValueError: missing value for required field 'id'"],
    [opportunities, { id: '1', amount: "l'an" }, 'ValueError: could not convert string to float: "l\'an"'],
  ])('refuses %#', (table, record, details) => {
    expect(checkRecord(table, record)?.details).toBe(details);
  });
});

describe('ingestionPlan', () => {
  const records = [
    { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
    { id: '2', name: 'Fine', user: 'user@example.fr', amount: 100 },
    { id: 3, name: 'Late', user: 'user@example.fr', close_date: '13/02/2024', currency: 'EUR' },
  ];
  const clock = liveClock({ startedAt: Date.parse('2024-06-25T10:00:00Z'), timeScale: 1 });

  it('finishes with the bad rows as parsing errors at their 1-based positions', () => {
    const plan = ingestionPlan('6700000000000000000000aa', opportunities, records, {
      all: false,
      debounceSeconds: 0,
    });
    const done = importAt(plan, 60_000, clock);
    expect(done.status).toBe('finished');
    const table = done.data_tables_details[0];
    expect(table).toMatchObject({ type: 'api', data_table_key: 'opportunities', number_of_records: 1 });
    expect(table?.error).toEqual({
      title: 'ParsingError',
      description: "Can't parse 'AAAAA' as float for user attribute amount",
      parsing_error_details: [
        {
          line_number: 1,
          row: { id: '1', name: 'Great opportunity', user: 'user@example.fr', amount: 'AAAAA' },
          details: "ValueError: could not convert string to float: 'AAAAA'",
        },
        {
          line_number: 3,
          row: { id: '3', name: 'Late', user: 'user@example.fr', close_date: '13/02/2024', currency: 'EUR' },
          details: "ValueError: time data '13/02/2024' does not match format '%Y-%m-%d'",
        },
      ],
    });
  });

  it('runs in the background for a few seconds, later when debounced', () => {
    const plan = ingestionPlan('x', opportunities, records.slice(1, 2), { all: false, debounceSeconds: 0 });
    expect(importAt(plan, 0, clock).status).toBe('scheduled');
    expect(importAt(plan, 3_000, clock).status).toBe('started');
    expect(importAt(plan, 5_000, clock)).toMatchObject({ status: 'finished', progress: 100 });
    expect(importAt(plan, 5_000, clock).data_tables_details[0]?.error).toBeNull();
    const debounced = ingestionPlan('x', opportunities, records, { all: true, debounceSeconds: 10 });
    expect(importAt(debounced, 5_000, clock).status).toBe('scheduled');
  });
});
