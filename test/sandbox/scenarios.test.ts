import { describe, expect, it } from 'vitest';
import { BIG_ROW_COUNTS } from '../../src/sandbox/big.js';
import { DOCUMENTED_IMPORT_BODY } from '../../src/sandbox/fixture.js';
import { PARSE_ERROR_COUNTS } from '../../src/sandbox/plans.js';
import { createScenarios, SCENARIO_IDS, SCENARIOS, SLOW_DELAY_MS } from '../../src/sandbox/scenarios.js';
import type { ImportDocument, Reply, ScenarioRequest } from '../../src/sandbox/types.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';

const START = Date.parse('2024-06-25T10:20:00Z');
const request = (overrides: Partial<ScenarioRequest> = {}): ScenarioRequest => ({
  elapsedMs: 0,
  requestNumber: 1,
  startedAt: START,
  timeScale: 1,
  ...overrides,
});

function replyOf(id: string, overrides: Partial<ScenarioRequest> = {}): Reply {
  const scenario = createScenarios().get(id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  return scenario.reply(request(overrides));
}

function sent(reply: Reply): Extract<Reply, { kind: 'send' }> {
  if (reply.kind !== 'send') throw new Error('expected an answer, got a dropped connection');
  return reply;
}

const documentOf = (reply: Reply): ImportDocument => JSON.parse(String(sent(reply).body)) as ImportDocument;

describe('the scenario list', () => {
  it('has the ids and names other code and the README rely on', () => {
    expect(SCENARIOS.map((s) => [s.id, s.name])).toEqual([
      ['647a13fe875af4b4eb7133c2', 'documented'],
      ['64b0c1ea0000000000000001', 'clean'],
      ['64b0c1ea0000000000000002', 'parse-errors'],
      ['64b0c1ea0000000000000003', 'big'],
      ['64b0c1ea0000000000000004', 'stuck'],
      ['64b0c1ea0000000000000005', 'flaky'],
      ['64b0c1ea0000000000000006', 'rate-limited'],
      ['64b0c1ea0000000000000007', 'dropped'],
      ['64b0c1ea0000000000000008', 'slow'],
      ['64b0c1ea0000000000000009', 'malformed'],
      ['64b0c1ea000000000000000a', 'wrong-shape'],
      ['64b0c1ea000000000000000b', 'failing-progress'],
    ]);
  });

  it('gives every scenario a one-line description and a behaviour', () => {
    for (const info of SCENARIOS) expect(info.description).toMatch(/^[^\n]{10,100}$/);
    expect(createScenarios().size).toBe(SCENARIOS.length);
  });
});

describe('documented', () => {
  it('serves the fixture byte for byte', () => {
    const reply = sent(replyOf(SCENARIO_IDS.documented));
    expect(reply.status).toBe(200);
    expect(reply.headers?.['content-type']).toBe('application/json');
    expect(reply.body).toBe(DOCUMENTED_EXAMPLE_TEXT);
    expect(JSON.parse(DOCUMENTED_IMPORT_BODY)).toEqual(JSON.parse(DOCUMENTED_EXAMPLE_TEXT));
  });
});

describe('parse-errors', () => {
  const document = documentOf(replyOf(SCENARIO_IDS.parseErrors));
  const failed = document.data_import.data_tables_details.filter((t) => t.error !== null);
  const rows = failed.flatMap((t) => t.error?.parsing_error_details ?? []);

  it('is finished, with hundreds of rejected rows over three tables', () => {
    expect(document.data_import.status).toBe('finished');
    expect(failed.map((t) => t.data_table_key)).toEqual(Object.keys(PARSE_ERROR_COUNTS));
    expect(rows.length).toBe(Object.values(PARSE_ERROR_COUNTS).reduce((a: number, b: number) => a + b, 0));
    expect(rows.length).toBeGreaterThan(200);
  });

  it('is the same on every run', () => {
    expect(documentOf(replyOf(SCENARIO_IDS.parseErrors))).toEqual(document);
  });

  it('has rising line numbers and Qobra-like messages', () => {
    for (const table of failed) {
      const lines = table.error?.parsing_error_details.map((row) => row.line_number) ?? [];
      expect(lines.every((line, index) => index === 0 || line > (lines[index - 1] ?? 0))).toBe(true);
      expect(table.error?.title).toBe('ParsingError');
      expect(table.error?.description).toMatch(
        /^(Can't parse '.*' as \w+|Can't find user '.*') for user attribute \w+$/,
      );
    }
    const kinds = new Set(rows.map((row) => row.details.split(':')[0]));
    expect(kinds).toEqual(new Set(['ValueError', 'UserNotFound']));
    expect(rows.some((row) => row.details.startsWith('ValueError: could not convert string to float:'))).toBe(
      true,
    );
    expect(rows.some((row) => row.details.startsWith('ValueError: time data'))).toBe(true);
  });

  it('repeats columns across rows and sometimes adds extra ones', () => {
    const opportunities = failed[0]?.error?.parsing_error_details ?? [];
    expect(opportunities.every((row) => 'amount' in row.row && 'close_date' in row.row)).toBe(true);
    expect(opportunities.some((row) => Object.keys(row.row).length > 5)).toBe(true);
    expect(rows.every((row) => Object.values(row.row).every((value) => typeof value === 'string'))).toBe(
      true,
    );
  });
});

describe('big', () => {
  it('holds 100,000 rejected rows of 5 to 8 columns, built once per sandbox', () => {
    const scenario = createScenarios().get(SCENARIO_IDS.big);
    const first = sent(scenario?.reply(request()) as Reply);
    expect(sent(scenario?.reply(request({ requestNumber: 2 })) as Reply).body).toBe(first.body);
    const document = JSON.parse(String(first.body)) as ImportDocument;
    const rows = document.data_import.data_tables_details.flatMap(
      (t) => t.error?.parsing_error_details ?? [],
    );
    expect(rows).toHaveLength(100_000);
    expect(rows.length).toBe(BIG_ROW_COUNTS.opportunities + BIG_ROW_COUNTS.payments);
    for (const row of rows.slice(0, 2_000)) {
      expect(Object.keys(row.row).length).toBeGreaterThanOrEqual(4);
      expect(Object.keys(row.row).length).toBeLessThanOrEqual(8);
    }
    expect(document.data_import.status).toBe('finished');
  });
});

describe('faults', () => {
  it('flaky answers 503 three times, then a finished import', () => {
    const statuses = [1, 2, 3, 4, 5].map(
      (n) => sent(replyOf(SCENARIO_IDS.flaky, { requestNumber: n })).status,
    );
    expect(statuses).toEqual([503, 503, 503, 200, 200]);
    expect(documentOf(replyOf(SCENARIO_IDS.flaky, { requestNumber: 4 })).data_import.status).toBe('finished');
  });

  it('rate-limited answers 429 with Retry-After twice, then a finished import', () => {
    const first = sent(replyOf(SCENARIO_IDS.rateLimited, { requestNumber: 1 }));
    expect(first.status).toBe(429);
    expect(first.headers?.['retry-after']).toBe('1');
    expect(sent(replyOf(SCENARIO_IDS.rateLimited, { requestNumber: 2 })).status).toBe(429);
    expect(sent(replyOf(SCENARIO_IDS.rateLimited, { requestNumber: 3 })).status).toBe(200);
  });

  it('dropped drops two connections, then answers', () => {
    expect(replyOf(SCENARIO_IDS.dropped, { requestNumber: 1 }).kind).toBe('drop');
    expect(replyOf(SCENARIO_IDS.dropped, { requestNumber: 2 }).kind).toBe('drop');
    expect(sent(replyOf(SCENARIO_IDS.dropped, { requestNumber: 3 })).status).toBe(200);
  });

  it('slow delays every answer', () => {
    for (const n of [1, 2])
      expect(sent(replyOf(SCENARIO_IDS.slow, { requestNumber: n })).delayMs).toBe(SLOW_DELAY_MS);
  });

  it('malformed sends JSON-typed text that does not parse', () => {
    const reply = sent(replyOf(SCENARIO_IDS.malformed));
    expect(reply.status).toBe(200);
    expect(reply.headers?.['content-type']).toBe('application/json');
    expect(String(reply.body)).toMatch(/^\{"data_import":/);
    expect(() => JSON.parse(String(reply.body))).toThrow(SyntaxError);
  });

  it('wrong-shape sends valid JSON with a string progress', () => {
    const document = documentOf(replyOf(SCENARIO_IDS.wrongShape));
    const progress = document.data_import.data_tables_details.map((t) => t.progress as unknown);
    expect(progress).toContain('fifty');
  });
});

describe('live scenarios', () => {
  it('clean, stuck and failing-progress depend on elapsed time', () => {
    const at = (id: string, elapsedMs: number) => documentOf(replyOf(id, { elapsedMs })).data_import.status;
    expect([
      at(SCENARIO_IDS.clean, 0),
      at(SCENARIO_IDS.clean, 10_000),
      at(SCENARIO_IDS.clean, 20_000),
    ]).toEqual(['scheduled', 'started', 'finished']);
    expect(at(SCENARIO_IDS.stuck, 1e9)).toBe('started');
    expect(at(SCENARIO_IDS.failingProgress, 20_000)).toBe('finished');
  });
});
