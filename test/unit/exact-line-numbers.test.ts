// Line numbers are exported as sent: `1e400`, `12345678901234567890123`, `1.10` and `-0` keep their
// text in --json, --csv, plain lines and the terminal table, and the cheap parse path stays cheap.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/api/client.js';
import { lineNumberNeedsText } from '../../src/api/number-literals.js';
import { validateImportDocument } from '../../src/api/schema.js';
import { errorRows } from '../../src/model/error-rows.js';
import { csvColumns, renderCsvRow } from '../../src/render/errors-csv.js';
import { createErrorRowJsonRenderer, renderErrorRowJson } from '../../src/render/errors-json.js';
import { renderErrorRowPlain } from '../../src/render/errors-plain.js';
import { renderRowsTable } from '../../src/render/errors-terminal.js';
import { ExactNumber } from '../../src/values/exact-number.js';
import { parseExact as parseJsonKeepingNumbers } from '../helpers/parse-exact.js';

/** A whole body with one rejected row whose line number is written as `literal` (raw JSON text). */
const body = (literal: string, row = '{"amount":"AAAAA"}', key = 'line_number') =>
  `{"data_import":{"id":"imp","status":"finished","progress":100,"data_tables_details":[{"type":"api","status":"finished","data_table_key":"t","progress":100,"number_of_records":null,"error":{"title":"T","description":"D","parsing_error_details":[{"${key}":${literal},"row":${row},"details":"bad"}]}}]}}`;

const lineNumberOf = (text: string): unknown => {
  const { value } = parseJsonKeepingNumbers(text);
  const doc = value as {
    data_import: { data_tables_details: { error: { parsing_error_details: { line_number: unknown }[] } }[] };
  };
  return doc.data_import.data_tables_details[0]?.error.parsing_error_details[0]?.line_number;
};

const SENT = [
  '1e400',
  '12345678901234567890123',
  '1.10',
  '-0',
  '1e-400',
  '1.0000000000000001',
  '1E21',
  '1.0',
  '1E2',
  '100e-2',
  '10.50e1',
  '0.0',
];

describe('lineNumberNeedsText', () => {
  it.each(SENT)('%s keeps its text', (literal) => {
    expect(lineNumberNeedsText(literal)).toBe(true);
  });
  it.each(['1', '42', '9007199254740991', '9007199254740992', '-5'])(
    '%s reads back as written: stays a number',
    (literal) => {
      expect(lineNumberNeedsText(literal)).toBe(false);
    },
  );
});

describe('parsing line numbers', () => {
  it.each(SENT)('%s becomes an ExactNumber with that text, and passes the schema', (literal) => {
    const parsed = lineNumberOf(body(literal));
    expect(parsed).toEqual(new ExactNumber(literal));
    expect(validateImportDocument(parseJsonKeepingNumbers(body(literal)).value).ok).toBe(true);
  });

  it('plain line numbers stay numbers, on the cheapest path when rows hold only strings', () => {
    expect(parseJsonKeepingNumbers(body('7')).path).toBe('nothing-lossy');
    expect(lineNumberOf(body('7'))).toBe(7);
    expect(lineNumberOf(body('1.0'))).toEqual(new ExactNumber('1.0'));
  });

  it('an unusual one takes the tokenizer, even when the rows hold only strings', () => {
    expect(parseJsonKeepingNumbers(body('1.10')).path).toBe('rewritten');
    expect(parseJsonKeepingNumbers(body('1.0')).path).toBe('rewritten');
  });

  it('finds the key however it is spelt with escapes, as JSON.parse reads it', () => {
    const text = body('1.10', undefined, 'line\\u005Fnumber');
    expect(parseJsonKeepingNumbers(text).path).toBe('rewritten');
    expect(lineNumberOf(text)).toEqual(new ExactNumber('1.10'));
  });

  it('only line numbers JSON.parse would alter take the exact path; a literal JSON does not allow is not JSON', () => {
    expect(parseJsonKeepingNumbers(body('12')).path).toBe('nothing-lossy');
    expect(parseJsonKeepingNumbers(body('null')).path).toBe('nothing-lossy');
    expect(parseJsonKeepingNumbers(body('-3')).path).toBe('nothing-lossy');
    for (const literal of ['1.0', '-0', '1234567890123456789', '1e2'])
      expect(parseJsonKeepingNumbers(body(literal)).path, literal).toBe('rewritten');
    for (const literal of ['01', '1.', '-', '1e', '.5', '1.2.3', '--1'])
      expect(() => parseJsonKeepingNumbers(body(literal)), literal).toThrow(SyntaxError);
  });

  it('a string line number that mimics a marker stays a string (and the schema refuses it)', () => {
    const text = body('"\\u0000qi-number:5"', '{"a":1.10}');
    expect(lineNumberOf(text)).toBe('\u0000qi-number:5');
    expect(validateImportDocument(parseJsonKeepingNumbers(text).value)).toEqual({
      ok: false,
      problem:
        'data_import.data_tables_details[0].error.parsing_error_details[0].line_number: expected number',
    });
  });

  it('line numbers and lossy row numbers in the same body both keep their text', () => {
    const row = lineNumberOf(body('-0', '{"a":1.10}'));
    expect(row).toEqual(new ExactNumber('-0'));
  });
});

describe('exports write line numbers as sent', () => {
  const rowsOf = (literal: string) => {
    const fetched = interpret('imp', { status: 200, headers: {}, body: body(literal) }, 0);
    return [...errorRows('imp', fetched.document.data_import)];
  };

  it.each(SENT)('%s in --json, --csv, plain lines and the terminal table', (literal) => {
    const [row] = rowsOf(literal);
    if (!row) throw new Error('no row');
    const json = `{"import_id":"imp","data_table_key":"t","title":"T","description":"D","line_number":${literal},"row":{"amount":"AAAAA"},"details":"bad"}\n`;
    expect(createErrorRowJsonRenderer(false)(row)).toBe(json);
    expect(renderErrorRowJson(row, false)).toBe(json);
    const csv = renderCsvRow(row, csvColumns([row]), { safe: false, terminal: false });
    expect(csv).toBe(`t,${literal},bad,AAAAA\r\n`);
    expect(renderErrorRowPlain(row, { withImportId: false })).toBe(`t line ${literal}: bad | amount=AAAAA\n`);
    const table = [
      ...renderRowsTable([row], { chalk: new Chalk({ level: 0 }), columns: 120 }, { showTable: false }),
    ].join('');
    // The Line column is right-aligned.
    expect(table.split('\n').map((line) => line.split('│')[1]?.trim())).toContain(literal);
  });

  it('a whole number written 1.0 keeps its text everywhere, like a row value', () => {
    const [row] = rowsOf('1.0');
    if (!row) throw new Error('no row');
    expect(createErrorRowJsonRenderer(false)(row)).toContain('"line_number":1.0,');
    expect(renderErrorRowPlain(row, { withImportId: false })).toBe('t line 1.0: bad | amount=AAAAA\n');
  });
});
