// `errors --csv`: RFC 4180 quoting, the header's column union and renames, --safe-csv, terminal escaping.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErrorRow } from '../../src/model/error-rows.js';
import {
  type CsvOptions,
  csvCellText,
  csvColumns,
  csvField,
  renderCsvHeader,
  renderCsvRow,
} from '../../src/render/errors-csv.js';

const exact: CsvOptions = { safe: false, terminal: false };

const errorRow = (row: Record<string, unknown>, extra: Partial<ErrorRow> = {}): ErrorRow => ({
  import_id: 'imp',
  data_table_key: 'opportunities',
  title: 'ParsingError',
  description: 'd',
  line_number: 1,
  row,
  details: 'ValueError',
  ...extra,
});

/** A strict RFC 4180 reader: CRLF records, quoted fields with "" escapes; throws on anything else. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error('unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
            } else {
              i++;
              break;
            }
          } else field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`bare quote at ${i}`);
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text.startsWith('\r\n', i)) {
        i += 2;
        break;
      }
      throw new Error(`expected , or CRLF at ${i}, got ${JSON.stringify(text[i])}`);
    }
    records.push(record);
  }
  return records;
}

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['crlf\r\n', '"crlf\r\n"'],
    ['  spaces kept  ', '  spaces kept  '],
    ['café 😀', 'café 😀'],
  ])('%j → %j', (text, field) => {
    expect(csvField(text, exact)).toBe(field);
  });

  it('neutralises formula cells with --safe-csv, and only those', () => {
    const safe = { safe: true, terminal: false };
    expect(['=1+1', '+33 6', '-5', '@SUM(A1)', '\tx', '\rx'].map((t) => csvField(t, safe))).toEqual([
      "'=1+1",
      "'+33 6",
      "'-5",
      "'@SUM(A1)",
      "'\tx",
      '"\'\rx"',
    ]);
    expect(csvField('a=1', safe)).toBe('a=1');
    expect(csvField('=a,b', safe)).toBe('"\'=a,b"');
  });

  it('escapes control characters on a terminal, so CR and LF no longer need quoting', () => {
    const terminal = { safe: false, terminal: true };
    expect(csvField('a\u001b[31mb', terminal)).toBe('a\\u001b[31mb');
    expect(csvField('x\r\ny', terminal)).toBe('x\\u000d\\u000ay');
    expect(csvField('x,y\u202e', terminal)).toBe('"x,y\\u202e"');
  });
});

describe('csvCellText', () => {
  it('writes values exactly as the API sent them', () => {
    expect(csvCellText('12,5')).toBe('12,5');
    expect(csvCellText(12.5)).toBe('12.5');
    expect(csvCellText(true)).toBe('true');
    expect(csvCellText(null)).toBe('');
    expect(csvCellText(undefined)).toBe('');
    expect(csvCellText({ a: [1, '2'] })).toBe('{"a":[1,"2"]}');
  });
});

describe('csvColumns', () => {
  it('is the union of row columns in first-seen order', () => {
    const columns = csvColumns([
      errorRow({ id: '1', amount: 'x' }),
      errorRow({ id: '2', currency: 'EUR', amount: 'y' }),
    ]);
    expect(columns.keys).toEqual(['id', 'amount', 'currency']);
    expect(columns.header).toEqual(['data_table_key', 'line_number', 'details', 'id', 'amount', 'currency']);
  });

  it('starts with import_id for several imports, renaming a row column of that name', () => {
    const row = errorRow({ import_id: 'theirs', id: '1' });
    const columns = csvColumns([row], { withImportId: true });
    expect(columns.header).toEqual([
      'import_id',
      'data_table_key',
      'line_number',
      'details',
      'row.import_id',
      'id',
    ]);
    const csv = { safe: false, terminal: false };
    expect(renderCsvRow(row, columns, csv).split(',')[0]).toBe(row.import_id);
    expect(renderCsvRow(row, columns, csv)).toContain(',theirs,1\r\n');
    // A row column named import_id is an ordinary column when there is no id column to collide with.
    expect(csvColumns([row]).header).toEqual(['data_table_key', 'line_number', 'details', 'import_id', 'id']);
  });

  it('writes a row column that shares a name with a fixed one as row.NAME', () => {
    const columns = csvColumns([errorRow({ details: 'mine', line_number: '7', id: '1' })]);
    expect(columns.header).toEqual([
      'data_table_key',
      'line_number',
      'details',
      'row.details',
      'row.line_number',
      'id',
    ]);
  });

  it('keeps header names unique even when a row has a column literally named row.details', () => {
    const columns = csvColumns([errorRow({ details: 'a', 'row.details': 'b' })]);
    expect(columns.header).toEqual([
      'data_table_key',
      'line_number',
      'details',
      'row.row.details',
      'row.details',
    ]);
    expect(new Set(columns.header).size).toBe(columns.header.length);
  });
});

describe('renderCsvRow', () => {
  it('puts every value under its column, missing ones empty', () => {
    const rows = [
      errorRow({ id: '1', amount: 'x' }),
      errorRow({ id: '2', currency: 'EUR' }, { line_number: null, details: null }),
    ];
    const columns = csvColumns(rows);
    const text =
      renderCsvHeader(columns, exact) + rows.map((row) => renderCsvRow(row, columns, exact)).join('');
    expect(text).toBe(
      'data_table_key,line_number,details,id,amount,currency\r\nopportunities,1,ValueError,1,x,\r\nopportunities,,,2,,EUR\r\n',
    );
  });

  it('does not mistake Object.prototype for a __proto__ cell', () => {
    const withProto = JSON.parse('{"__proto__":"p","id":"1"}') as Record<string, unknown>;
    const rows = [errorRow(withProto), errorRow({ id: '2' })];
    const columns = csvColumns(rows);
    expect(columns.keys).toEqual(['__proto__', 'id']);
    expect(
      parseCsv(rows.map((row) => renderCsvRow(row, columns, exact)).join('')).map((r) => r.slice(3)),
    ).toEqual([
      ['p', '1'],
      ['', '2'],
    ]);
  });
});

// Cells made of the characters CSV has to get right, mixed with arbitrary unicode.
const tricky = fc.oneof(
  fc.string({
    unit: fc.constantFrom(',', '"', '\r', '\n', ' ', 'a', 'é', '😀', '\u0000', '\u001b', '\u202e', '=', "'"),
  }),
  fc.string({ unit: 'binary' }),
  fc.string(),
);

describe('CSV round trip (property)', () => {
  it('parses back to exactly the cells that went in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(tricky, { minLength: 1, maxLength: 6 }),
        fc.array(
          fc.tuple(
            tricky,
            fc.option(fc.nat()),
            fc.option(tricky),
            fc.array(fc.option(tricky, { nil: undefined })),
          ),
          { maxLength: 8 },
        ),
        (keys, specs) => {
          const rows = specs.map(([table, line, details, values]) => {
            const row: Record<string, unknown> = {};
            keys.forEach((key, i) => {
              const value = values[i];
              if (value !== undefined)
                Object.defineProperty(row, key, {
                  value,
                  enumerable: true,
                  writable: true,
                  configurable: true,
                });
            });
            return errorRow(row, { data_table_key: table, line_number: line, details });
          });
          const columns = csvColumns(rows);
          const text =
            renderCsvHeader(columns, exact) + rows.map((row) => renderCsvRow(row, columns, exact)).join('');
          const parsed = parseCsv(text);
          expect(parsed[0]).toEqual(columns.header);
          expect(parsed.slice(1)).toEqual(
            rows.map((row) => [
              row.data_table_key,
              row.line_number === null ? '' : String(row.line_number),
              row.details ?? '',
              ...columns.keys.map((key) =>
                row.row && Object.hasOwn(row.row, key) ? String(row.row[key]) : '',
              ),
            ]),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on a terminal, every record is one line with no control characters left', () => {
    fc.assert(
      fc.property(fc.array(tricky, { minLength: 1, maxLength: 6 }), (cells) => {
        const row = errorRow(Object.fromEntries(cells.map((cell, i) => [`c${i}`, cell])));
        const line = renderCsvRow(row, csvColumns([row]), { safe: false, terminal: true });
        expect(line.endsWith('\r\n')).toBe(true);
        expect(line.slice(0, -2)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
        expect(parseCsv(line)).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});
