// The body scanner reads a body in chunks cut anywhere, and what it hands on (the skeleton and the
// spooled rows) must make exactly the document an exact parse of the whole text makes; its row checks
// must name the field; and a row it calls verbatim must be written by `errors --json` exactly as the
// parsed row would be.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleDocument } from '../../src/api/import-document.js';
import { markLossyRowNumbers, restoreMarkers } from '../../src/api/mark-numbers.js';
import { createBodyReader, type ScannedBody, scanBodyText } from '../../src/api/read-body.js';
import type { ImportDocument } from '../../src/api/schema.js';
import { parseSpooledLine } from '../../src/api/spooled-rows.js';
import { createErrorRowJsonRenderer } from '../../src/render/errors-json.js';
import { compactJson } from '../../src/render/json.js';
import { withRowArrays } from '../helpers/builders.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';

/** A finished import, one table, the given rows (JSON texts) in its parsing_error_details. */
const bodyWith = (rows: string[], { space = '' } = {}): string =>
  `{${space}"data_import":{"id":"imp","status":"finished","progress":100,"data_tables_details":[{"type":"api","status":"finished","data_table_key":"t","progress":100,"number_of_records":null,"error":{"title":"T","description":"D","parsing_error_details":[${space}${rows.join(`,${space}`)}${space}]}},{"status":"finished","data_table_key":"u","error":{"parsing_error_details":[]}}]}}`;

/** Reads `text` in chunks of the given sizes (cycled), as a socket might hand it over. */
function scanInChunks(text: string, sizes: number[]): ScannedBody {
  const reader = createBodyReader();
  const bytes = Buffer.from(text);
  for (let at = 0, turn = 0; at < bytes.length; turn++) {
    const size = Math.max(1, sizes[turn % sizes.length] ?? 1);
    reader.write(bytes.subarray(at, at + size));
    at += size;
  }
  return reader.end();
}

function documentOf(body: ScannedBody): ImportDocument {
  const result = assembleDocument('imp', body);
  if (!result.ok) throw new Error(`not ok: ${result.problem}`);
  return withRowArrays(result.document);
}

const rawOf = (body: ScannedBody): string => {
  const result = assembleDocument('imp', body);
  if (!result.ok) throw new Error('not ok');
  return [...result.raw.pieces()].join('');
};

const BODIES: Record<string, string> = {
  documented: DOCUMENTED_EXAMPLE_TEXT,
  'lossy numbers': bodyWith([
    '{"line_number":1.0,"row":{"a":1.10,"b":12345678901234567890,"c":[-0,1e400]},"details":"x"}',
    '{"line_number":2,"row":{"a":"\\u0000qi-number:1"},"details":null}',
  ]),
  'escapes and unicode': bodyWith([
    '{"line_number":1,"row":{"k\\"ey":"a\\\\\\"b","é":"😀 \\u00e9\\n"},"details":"say \\"hi\\""}',
  ]),
  'pretty-printed': JSON.stringify(
    JSON.parse(bodyWith(['{"line_number":1,"row":{"a":[1,{"b":null}]},"details":"d"}'])),
    null,
    2,
  ),
  'escaped keys on the way down': bodyWith(['{"line_number":3,"row":{},"details":"d"}']).replace(
    '"parsing_error_details"',
    '"parsing\\u005ferror_details"',
  ),
  'rows that are not objects inside arrays': bodyWith([
    '{"line_number":1,"row":{"x":[[],[[]],{}]},"details":"d","extra":true}',
  ]),
  'a BOM first': `\uFEFF${DOCUMENTED_EXAMPLE_TEXT}`,
};

describe('the body scanner, chunk boundaries anywhere', () => {
  it.each(Object.entries(BODIES))('%s: every two-piece split gives the exact parse', (_, text) => {
    // The reference owes nothing to the scanner: the whole text marked from its root, then parsed.
    const expected = restoreMarkers(JSON.parse(markLossyRowNumbers(text.replace(/^\uFEFF/, ''))));
    const bytes = Buffer.byteLength(text);
    for (let cut = 1; cut < bytes; cut += Math.max(1, Math.floor(bytes / 97))) {
      const body = scanInChunks(text, [cut, bytes]);
      expect(documentOf(body)).toEqual(expected);
    }
    expect(documentOf(scanInChunks(text, [1]))).toEqual(expected);
    expect(documentOf(scanInChunks(text, [3, 1, 7]))).toEqual(expected);
  });

  it.each(Object.entries(BODIES))('%s: the raw text put back together is the body, compact', (_, text) => {
    expect(rawOf(scanInChunks(text, [5, 64]))).toBe(compactJson(text.replace(/^\uFEFF/, '')));
  });

  it('a string longer than many chunks is found whole (and not rescanned from its start each time)', () => {
    const long = 'x'.repeat(300_000);
    const text = bodyWith([`{"line_number":1,"row":{"a":"${long}"},"details":"d"}`]);
    const document = documentOf(scanInChunks(text, [1_000]));
    expect(
      document.data_import.data_tables_details[0]?.error?.parsing_error_details?.slice(0, 1)[0]?.row,
    ).toEqual({
      a: long,
    });
  });

  it('counts rows per table and keeps them in body order', () => {
    const rows = Array.from(
      { length: 500 },
      (_, i) => `{"line_number":${i},"row":{"n":"${i}"},"details":"d"}`,
    );
    const body = scanInChunks(bodyWith(rows), [333]);
    expect(body.rows.map((r) => [r.table, r.count])).toEqual([
      [0, 500],
      [1, 0],
    ]);
    const read = documentOf(body).data_import.data_tables_details[0]?.error?.parsing_error_details ?? [];
    expect([...read].map((detail) => detail.line_number)).toEqual(rows.map((_, i) => i));
  });
});

describe('the body scanner, what is not a valid body', () => {
  it.each([
    ['cut inside a row', bodyWith(['{"line_number":1,"row":{"a":"b"},"details":"d"}']).slice(0, 200)],
    ['cut inside a string', '{"data_import":{"id":"ab'],
    ['an HTML page', '<html><body>Sign in</body></html>'],
    ['empty', ''],
    ['garbage after the rows', `${bodyWith([])}oops`],
    ['a number JSON does not allow in a row', bodyWith(['{"line_number":1,"row":{"a":01},"details":"d"}'])],
    ['the same after a lossy one', bodyWith(['{"line_number":1,"row":{"a":1.10,"b":-},"details":"d"}'])],
  ])('%s: not JSON', (_, text) => {
    const result = assembleDocument('imp', scanBodyText(text));
    expect(result).toEqual({ ok: false, problem: 'not-json' });
  });

  it.each([
    ['"line_number":"1"', 'line_number: expected number'],
    ['"line_number":true', 'line_number: expected number'],
    ['"row":[1]', 'row: expected object'],
    ['"row":"r"', 'row: expected object'],
    ['"details":5', 'details: expected string'],
    ['"details":{}', 'details: expected string'],
  ])('a row with %s: the path of the field', (field, problem) => {
    const text = bodyWith(['{"line_number":1,"row":{},"details":"d"}', `{${field}}`]);
    expect(assembleDocument('imp', scanInChunks(text, [7]))).toEqual({
      ok: false,
      problem: 'shape',
      path: `data_import.data_tables_details[0].error.parsing_error_details[1].${problem}`,
    });
  });

  it.each(['"row"', '17', 'null', '[]'])('a row that is %s, not an object: the path of the row', (row) => {
    const text = bodyWith([row]);
    expect(assembleDocument('imp', scanBodyText(text))).toEqual({
      ok: false,
      problem: 'shape',
      path: 'data_import.data_tables_details[0].error.parsing_error_details[0]: expected object',
    });
  });

  it('null fields are fine, as the schema says', () => {
    const text = bodyWith(['{"line_number":null,"row":null,"details":null}']);
    expect(
      documentOf(scanBodyText(text)).data_import.data_tables_details[0]?.error?.parsing_error_details,
    ).toEqual([{ line_number: null, row: null, details: null }]);
  });
});

// Row texts as a server might write them: any JSON values, keys in any order, digit keys, escapes,
// numbers JSON.parse would round, whitespace or none.
const cell = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc
    .constantFrom('1.10', '12345678901234567890', '1e400', '-0', '1E5', '0.0')
    .map((text) => ({ literal: text })),
  // Escapes JSON.stringify would not write (it writes é, / and A as they are).
  fc.constantFrom('"\\u00e9"', '"\\/"', '"\\u0041"').map((text) => ({ literal: text })),
  fc.boolean(),
  fc.constant(null),
);
// Entries, not an object: an object would list integer keys first, which is what must be caught.
const rowEntries = fc.uniqueArray(
  fc.tuple(fc.oneof(fc.string(), fc.constantFrom('0', '12', 'id', 'é')), cell),
  { selector: ([key]) => key, maxLength: 5 },
);
const writeCell = (value: unknown): string =>
  typeof value === 'object' && value !== null && 'literal' in value
    ? String((value as { literal: string }).literal)
    : JSON.stringify(value);
const writeRow = (row: [string, unknown][], space: string): string =>
  `{${row.map(([key, value]) => `${JSON.stringify(key)}:${space}${writeCell(value)}`).join(`,${space}`)}}`;

describe('verbatim rows', () => {
  it('a row the scanner calls verbatim is the line errors --json writes from its exact parse', () => {
    fc.assert(
      fc.property(
        rowEntries,
        fc.oneof(fc.integer({ min: 0 }).map(String), fc.constantFrom('1.0', 'null', '-0')),
        fc.option(fc.string(), { nil: null }),
        fc.constantFrom('', ' '),
        fc.boolean(),
        (row, lineNumber, details, space, reorder) => {
          const fields = [
            `"line_number":${space}${lineNumber}`,
            `"row":${space}${writeRow(row, space)}`,
            `"details":${space}${JSON.stringify(details)}`,
          ];
          if (reorder) fields.reverse();
          const text = bodyWith([`{${fields.join(`,${space}`)}}`]);
          const lines: { text: string; verbatim: boolean }[] = [];
          const reader = createBodyReader();
          reader.write(text);
          const body = reader.end();
          for (const rows of body.rows)
            for (const line of body.spool.read(rows.start, rows.count))
              lines.push({ text: line, verbatim: line.startsWith('=') });
          const [line] = lines;
          if (!line) throw new Error('no row');
          const parsed = parseSpooledLine(line.text);
          const render = createErrorRowJsonRenderer(false);
          const context = { import_id: 'imp', data_table_key: 't', title: 'T', description: 'D' };
          const fromParse = render({
            ...context,
            line_number: parsed.line_number ?? null,
            row: parsed.row ?? null,
            details: parsed.details ?? null,
          });
          if (line.verbatim) {
            const verbatimText = line.text.replace(/^=!?/, '');
            expect(createErrorRowJsonRenderer(false)({ ...context, verbatim: verbatimText })).toBe(fromParse);
          }
          // The documented order, compact, without escapes or digit keys, is always verbatim.
          // The documented order, compact, no digit keys, and only escapes JSON.stringify writes itself
          // (not the hand-written ones, nor lone surrogates): always verbatim.
          const handEscaped = row.some(
            ([, value]) =>
              typeof value === 'object' && value !== null && String(Object.values(value)[0]).startsWith('"'),
          );
          const plain =
            space === '' &&
            !reorder &&
            !handEscaped &&
            !/\\ud[89a-f]/.test(text) &&
            !row.some(([key]) => /^\d/.test(key));
          if (plain) expect(line.verbatim).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
