// Properties over arbitrary server strings: rendered status never carries a control character, and
// --json output parses back to exactly what the server sent.

import { Chalk } from 'chalk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FetchedImport } from '../../src/api/client.js';
import { validateImportDocument } from '../../src/api/schema.js';
import { runStatus } from '../../src/commands/status.js';
import { summarizeImport } from '../../src/model/summary.js';
import { compactJson, jsonLine } from '../../src/render/json.js';
import { renderErrorsHint, renderStatusPlain } from '../../src/render/status-plain.js';
import { renderStatusTerminal } from '../../src/render/status-terminal.js';
import { jsonText } from '../helpers/builders.js';
import { fakeApi } from '../helpers/fake-api.js';
import { captureOutput, fakeCommandDeps, fakeDeps } from '../helpers/fake-deps.js';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const NOW = Date.parse('2024-06-25T10:20:00Z');
const RUNS = { numRuns: 150 };

/** Any code point, plus strings made mostly of the characters that attack terminals. */
const hostileChar = fc.constantFrom(
  '\u001b',
  '[',
  '2J',
  '\u0007',
  '\u0000',
  '\r',
  '\n',
  '\t',
  '\u007f',
  '\u0085',
  '\u009b',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  'a',
  ' ',
  '"',
  '\\',
  'é',
  '中',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.string({ unit: hostileChar, maxLength: 24 }),
);
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const status = fc.oneof(fc.constantFrom('scheduled', 'started', 'finished'), text);
const percent = nullable(fc.double({ min: -10, max: 200, noNaN: true }));
const timestamp = nullable(
  fc.oneof(
    fc
      .date({
        min: new Date('2020-01-01T00:00:00Z'),
        max: new Date('2030-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
    text,
  ),
);
const row = fc.dictionary(text, fc.oneof(text, fc.integer(), fc.constant(null), fc.boolean()), {
  maxKeys: 4,
  noNullPrototype: true,
});
const detail = fc.record({
  line_number: nullable(fc.integer({ min: 0, max: 1e6 })),
  row,
  details: nullable(text),
});
const tableError = fc.record({
  title: nullable(text),
  description: nullable(text),
  parsing_error_details: fc.array(detail, { maxLength: 3 }),
});
const table = fc.record({
  type: nullable(text),
  status,
  data_table_key: text,
  progress: percent,
  number_of_records: nullable(fc.nat()),
  error: nullable(tableError),
  extra: fc.jsonValue({ maxDepth: 2 }),
});
const importDocument = fc.record({
  data_import: fc.record({
    id: text,
    created_at: timestamp,
    launched_at: timestamp,
    finished_at: timestamp,
    status,
    progress: percent,
    data_tables_details: fc.array(table, { maxLength: 4 }),
    note: text,
  }),
  extra: fc.jsonValue({ maxDepth: 2 }),
});

/** The document as the server would send it, and as our schema parses it. */
function parsed(doc: unknown) {
  const result = validateImportDocument(JSON.parse(JSON.stringify(doc)));
  if (!result.ok) throw new Error(`generator produced an invalid document: ${result.problem}`);
  return result.document;
}

function expectNoControlCharacters(output: string): void {
  for (const line of output.split('\n')) expect(line, JSON.stringify(line)).not.toMatch(CONTROL);
}

describe('rendered status never contains a control character', () => {
  it('plain view and errors hint', () => {
    fc.assert(
      fc.property(importDocument, (doc) => {
        const summary = summarizeImport(parsed(doc).data_import, NOW);
        expectNoControlCharacters(renderStatusPlain(summary));
        expectNoControlCharacters(renderErrorsHint(summary) ?? '');
      }),
      RUNS,
    );
  });

  it('terminal view, colour off', () => {
    const chalk = new Chalk({ level: 0 });
    fc.assert(
      fc.property(importDocument, fc.integer({ min: 40, max: 200 }), (doc, columns) => {
        expectNoControlCharacters(
          renderStatusTerminal(summarizeImport(parsed(doc).data_import, NOW), { chalk, columns }),
        );
      }),
      RUNS,
    );
  });

  it('the whole status command, stdout and stderr, piped and on a terminal', async () => {
    await fc.assert(
      fc.asyncProperty(importDocument, fc.boolean(), async (doc, tty) => {
        const raw = JSON.stringify(doc);
        const fetched: FetchedImport = { id: 'x', raw: jsonText(raw), document: parsed(doc) };
        const api = fakeApi({ x: fetched });
        const deps = fakeDeps({
          stdout: captureOutput({ isTTY: tty, columns: 100 }),
          env: { NO_COLOR: '1' },
        });
        await runStatus({ ids: ['x'], json: false }, fakeCommandDeps(api, deps));
        expectNoControlCharacters(deps.stdout.text);
        expectNoControlCharacters(deps.stderr.text);
      }),
      { numRuns: 60 },
    );
  });
});

describe('--json parses back to what the server sent', () => {
  const indent = fc.constantFrom<string | number | undefined>(undefined, 2, 4, '\t', '\r\n ');

  it('compactJson removes exactly the formatting', () => {
    fc.assert(
      fc.property(importDocument, indent, (doc, space) => {
        const raw = JSON.stringify(doc, null, space);
        const compact = compactJson(raw);
        expect(JSON.parse(compact)).toEqual(JSON.parse(raw));
        expect(compact).toBe(JSON.stringify(doc));
      }),
      RUNS,
    );
  });

  it('jsonLine for a terminal escapes controls yet parses to the same value, on one line', () => {
    fc.assert(
      fc.property(importDocument, indent, (doc, space) => {
        const raw = JSON.stringify(doc, null, space);
        const line = jsonLine(compactJson(raw), true);
        expect(line.endsWith('\n')).toBe(true);
        expect(line.slice(0, -1)).not.toMatch(/[\n\r]/);
        expect(line).not.toMatch(CONTROL);
        expect(JSON.parse(line)).toEqual(JSON.parse(raw));
      }),
      RUNS,
    );
  });

  it('jsonLine for a pipe is the compact text itself', () => {
    fc.assert(
      fc.property(importDocument, (doc) => {
        const compact = JSON.stringify(doc);
        expect(jsonLine(compactJson(compact), false)).toBe(`${compact}\n`);
      }),
      RUNS,
    );
  });

  it('arbitrary JSON values survive compaction, formatting and strings included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), indent, (value, space) => {
        const raw = JSON.stringify(value, null, space);
        expect(JSON.parse(compactJson(raw))).toEqual(JSON.parse(raw));
        expect(JSON.parse(jsonLine(compactJson(raw), true))).toEqual(JSON.parse(raw));
      }),
      RUNS,
    );
  });
});
