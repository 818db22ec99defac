// Valid JSON of any depth is data, not an error: JSON.parse takes 100,000 levels, so parsing rows,
// spotting changes (watch) and writing exports must not recurse out of stack on it.
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/api/client.js';
import { markLossyRowNumbers, restoreMarkers } from '../../src/api/mark-numbers.js';
import { errorRows } from '../../src/model/error-rows.js';
import { csvCellText } from '../../src/render/errors-csv.js';
import { createErrorRowJsonRenderer } from '../../src/render/errors-json.js';
import { sanitizeValue } from '../../src/render/sanitize.js';
import { ExactNumber, holdsExactNumber, stringifyExact } from '../../src/values/exact-number.js';
import { importFingerprint } from '../../src/watch/poll.js';
import { parseExact as parseJsonKeepingNumbers } from '../helpers/parse-exact.js';

const DEEP = 100_000;
const arrays = (depth: number, inner = '') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const objects = (depth: number, inner = '1') => `${'{"a":'.repeat(depth)}${inner}${'}'.repeat(depth)}`;

const body = ({ row = '{"v":"x"}', extra = '' } = {}) =>
  `{"data_import":{"id":"imp","status":"finished","progress":100${extra},"data_tables_details":[{"type":"api","status":"finished","data_table_key":"t","progress":100,"number_of_records":null,"error":{"title":"T","description":"D","parsing_error_details":[{"line_number":1,"row":${row},"details":"bad"}]}}]}}`;

describe('stringifyExact and holdsExactNumber at any depth', () => {
  it.each([
    ['arrays', arrays(DEEP, '1')],
    ['objects', objects(DEEP)],
    ['mixed', `${'[{"a":'.repeat(DEEP / 2)}"s"${'}]'.repeat(DEEP / 2)}`],
  ])('%s 100,000 deep: written back exactly (JSON.stringify itself overflows)', (_name, text) => {
    const value: unknown = JSON.parse(text);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(holdsExactNumber(value)).toBe(false);
    expect(stringifyExact(value)).toBe(text);
  });

  it('an ExactNumber at the bottom of 100,000 levels is found and written as sent', () => {
    const value: unknown = JSON.parse(arrays(DEEP, '0'));
    let innermost = value as unknown[];
    while (Array.isArray(innermost[0])) innermost = innermost[0] as unknown[];
    innermost[0] = new ExactNumber('1.10');
    expect(holdsExactNumber(value)).toBe(true);
    expect(stringifyExact(value)).toBe(arrays(DEEP, '1.10'));
  });

  it('leaves out what JSON.stringify leaves out, at depth too', () => {
    const value = JSON.parse(objects(20_000, '{}')) as Record<string, unknown>;
    let innermost = value;
    while (typeof innermost.a === 'object' && innermost.a !== null)
      innermost = innermost.a as Record<string, unknown>;
    Object.assign(innermost, {
      gone: undefined,
      list: [undefined, () => 1, new ExactNumber('-0')],
      kept: 'k',
    });
    expect(stringifyExact(value)).toBe(objects(20_000, '{"list":[null,null,-0],"kept":"k"}'));
  });
});

describe('parsing deep bodies', () => {
  it.each([
    ['arrays of a number', arrays(5_000, '1')],
    ['arrays of a string', arrays(5_000, '"s"')],
    ['objects', objects(5_000)],
    ['arrays 100,000 deep', arrays(DEEP, '1')],
  ])('a row value of %s is valid JSON, parsed and exported exactly', (_name, value) => {
    const text = body({ row: `{"v":${value}}` });
    const fetched = interpret('imp', { status: 200, headers: {}, body: text }, 0);
    const [row] = [...errorRows('imp', fetched.document.data_import)];
    if (!row) throw new Error('no row');
    expect(createErrorRowJsonRenderer(false)(row)).toBe(
      `{"import_id":"imp","data_table_key":"t","title":"T","description":"D","line_number":1,"row":{"v":${value}},"details":"bad"}\n`,
    );
    expect(csvCellText(row.row?.v)).toBe(value);
    expect(sanitizeValue(row.row?.v)).toBe(value);
  });

  it('a lossy number 100,000 levels down a row keeps its text', () => {
    const value = arrays(DEEP, '1.10');
    const { value: parsed, path } = parseJsonKeepingNumbers(body({ row: `{"v":${value}}` }));
    expect(path).toBe('rewritten');
    const doc = parsed as {
      data_import: { data_tables_details: { error: { parsing_error_details: { row: unknown }[] } }[] };
    };
    expect(stringifyExact(doc.data_import.data_tables_details[0]?.error.parsing_error_details[0]?.row)).toBe(
      `{"v":${value}}`,
    );
  });

  it('the tokenizer and the restore walk need no stack either', () => {
    const text = `{"data_import":{"data_tables_details":[{"error":{"parsing_error_details":[{"row":{"v":${arrays(DEEP, '1.10')}}}]}}]}}`;
    const marked = markLossyRowNumbers(text);
    expect(marked).toContain('"\\u0000qi-number:1.10"');
    const restored = restoreMarkers(JSON.parse(marked));
    expect(stringifyExact(restored)).toBe(text);
  });

  it('an unknown field 100,000 deep: watch fingerprints the import instead of overflowing', () => {
    const extra = `,"deep":${objects(DEEP)}`;
    const fetched = interpret('imp', { status: 200, headers: {}, body: body({ extra }) }, 0);
    const fingerprint = importFingerprint(fetched);
    expect(importFingerprint(interpret('imp', { status: 200, headers: {}, body: body({ extra }) }, 0))).toBe(
      fingerprint,
    );
    // A change at the bottom of the nesting is a change.
    const changed = `,"deep":${objects(DEEP, '2')}`;
    expect(
      importFingerprint(interpret('imp', { status: 200, headers: {}, body: body({ extra: changed }) }, 0)),
    ).not.toBe(fingerprint);
  });

  it('a body too big to be its own fingerprint is digested, and still tells a change from none', () => {
    const big = (last: string) => body({ extra: `,"note":"${'x'.repeat(1_200_000)}${last}"` });
    const fingerprint = importFingerprint(interpret('imp', { status: 200, headers: {}, body: big('a') }, 0));
    expect(fingerprint.length).toBeLessThan(100);
    expect(importFingerprint(interpret('imp', { status: 200, headers: {}, body: big('a') }, 0))).toBe(
      fingerprint,
    );
    expect(importFingerprint(interpret('imp', { status: 200, headers: {}, body: big('b') }, 0))).not.toBe(
      fingerprint,
    );
  });
});
