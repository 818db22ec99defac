// Rejected rows keep their number literals exactly as the API sent them (1.10, 2^64, 1e400, -0):
// the marker round trip on tricky bodies, the cheap paths, and the exports built on it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/api/client.js';
import { markLossyRowNumbers } from '../../src/api/mark-numbers.js';
import { isLossy } from '../../src/api/number-literals.js';
import { inferColumn } from '../../src/model/error-groups.js';
import { type ErrorRow, errorRows } from '../../src/model/error-rows.js';
import { csvCellText, csvColumns, renderCsvRow } from '../../src/render/errors-csv.js';
import { createErrorRowJsonRenderer, renderErrorRowJson } from '../../src/render/errors-json.js';
import { renderErrorRowPlain } from '../../src/render/errors-plain.js';
import { sanitizeValue } from '../../src/render/sanitize.js';
import { ExactNumber, stringifyExact } from '../../src/values/exact-number.js';
import { parseExact as parseJsonKeepingNumbers } from '../helpers/parse-exact.js';

/** A whole import body around rows given as raw JSON text, with numbers of its own outside the rows. */
function body(rows: readonly string[], { detailExtra = '' } = {}): string {
  const details = rows
    .map((row, i) => `{"line_number":${i + 1},"row":${row},"details":"ValueError"${detailExtra}}`)
    .join(',');
  return `{"data_import":{"id":"imp","created_at":null,"launched_at":null,"finished_at":null,"status":"finished","progress":100,"data_tables_details":[{"type":"api","status":"finished","data_table_key":"t","progress":100,"number_of_records":${rows.length},"error":{"title":"T","description":"D","parsing_error_details":[${details}]}}]}}`;
}

type Doc = { data_import: { data_tables_details: { error: { parsing_error_details: Detail[] } }[] } };
type Detail = { row: unknown; [key: string]: unknown };

const detailsOf = (value: unknown): Detail[] =>
  (value as Doc).data_import.data_tables_details[0]?.error.parsing_error_details ?? [];
const rowsOf = (value: unknown): unknown[] => detailsOf(value).map((detail) => detail.row);
const onlyRow = (raw: string): Record<string, unknown> =>
  rowsOf(parseJsonKeepingNumbers(body([raw])).value)[0] as Record<string, unknown>;

describe('isLossy', () => {
  it.each([
    ['12345678901234567890', true],
    ['1.10', true],
    ['1e400', true],
    ['-0', true],
    ['1E5', true],
    ['1e21', true],
    ['0.1e1', true],
    ['100', false],
    ['-42', false],
    ['1.5', false],
    ['0', false],
    ['123456789012345', false],
    ['9007199254740993', true],
  ])('%s → %s', (literal, lossy) => {
    expect(isLossy(literal)).toBe(lossy);
  });
});

describe('parseJsonKeepingNumbers: the marker round trip', () => {
  it('keeps big integers, trailing zeros, huge exponents, -0 and 1E5 as ExactNumber text', () => {
    const raw = '{"amount":12345678901234567890,"x":1.10,"y":1e400,"z":-0,"w":1E5,"ok":5,"half":1.5}';
    const result = parseJsonKeepingNumbers(body([raw]));
    expect(result.path).toBe('rewritten');
    const row = rowsOf(result.value)[0] as Record<string, unknown>;
    expect(row).toEqual({
      amount: new ExactNumber('12345678901234567890'),
      x: new ExactNumber('1.10'),
      y: new ExactNumber('1e400'),
      z: new ExactNumber('-0'),
      w: new ExactNumber('1E5'),
      ok: 5,
      half: 1.5,
    });
    expect(row.x).toBeInstanceOf(ExactNumber);
    expect(stringifyExact(row)).toBe(raw);
  });

  it('the example from the bug report prints as sent', () => {
    const raw = '{"amount":12345678901234567890,"x":1.10,"y":1e400}';
    expect(stringifyExact(onlyRow(raw))).toBe(raw);
    expect(JSON.stringify(JSON.parse(raw))).toBe('{"amount":12345678901234567000,"x":1.1,"y":null}');
  });

  it('reaches numbers at any depth inside a row', () => {
    const raw = '{"a":[1.10,[2.50,{"b":{"c":[3e1,"4.0",null,true]}}]],"d":{"e":-0.0}}';
    const row = onlyRow(raw);
    expect(row).toEqual({
      a: [
        new ExactNumber('1.10'),
        [new ExactNumber('2.50'), { b: { c: [new ExactNumber('3e1'), '4.0', null, true] } }],
      ],
      d: { e: new ExactNumber('-0.0') },
    });
    expect(stringifyExact(row)).toBe(raw);
  });

  it('leaves strings alone, even ones that look like numbers or contain :1.10, or [1.10]', () => {
    const raw = '{"a":"1.10","b":"x:1.10,y","c":"[1.10]","d":"{\\"n\\":1.10}","e":"1e400","n":1.10}';
    const row = onlyRow(raw);
    expect(row).toEqual({
      a: '1.10',
      b: 'x:1.10,y',
      c: '[1.10]',
      d: '{"n":1.10}',
      e: '1e400',
      n: new ExactNumber('1.10'),
    });
    expect(stringifyExact(row)).toBe(raw);
  });

  it('stays in step through escaped quotes and backslashes', () => {
    const raw = String.raw`{"q":"say \"1.10\", ok\\","n":1.10,"p":"\\\\","m":[2.0,"\\\"",3.00],"k\"ey":4.10}`;
    const row = onlyRow(raw);
    expect(row).toEqual({
      q: 'say "1.10", ok\\',
      n: new ExactNumber('1.10'),
      p: '\\\\',
      m: [new ExactNumber('2.0'), '\\"', new ExactNumber('3.00')],
      'k"ey': new ExactNumber('4.10'),
    });
    expect(stringifyExact(row)).toBe(raw);
  });

  it('copes with unicode: keys, values, astral characters, escapes and line separators', () => {
    const raw = '{"montant €":1.10,"émoji 🎉":"🎉\u2028é","\\u00e9":2.20,"\\ud83c\\udf89":"x"}';
    const row = onlyRow(raw);
    expect(row).toEqual({
      'montant €': new ExactNumber('1.10'),
      'émoji 🎉': '🎉\u2028é',
      é: new ExactNumber('2.20'),
      '🎉': 'x',
    });
    expect(JSON.parse(stringifyExact(row) ?? '')).toEqual(JSON.parse(raw));
  });

  it('keeps row strings that start with NUL, including ones that mimic its own markers', () => {
    const raw =
      '{"a":"\\u0000qi-number:1.10","b":"\\u0000qi-string:x","c":"\\u0000","d":["\\u0000qi-number:7"],"n":1.10}';
    const row = onlyRow(raw);
    expect(row).toEqual({
      a: '\u0000qi-number:1.10',
      b: '\u0000qi-string:x',
      c: '\u0000',
      d: ['\u0000qi-number:7'],
      n: new ExactNumber('1.10'),
    });
  });

  it('handles pretty-printed bodies (whitespace around every token)', () => {
    const pretty = JSON.stringify(JSON.parse(body(['{"a":"x"}'])), null, 2).replace(
      '"a": "x"',
      '"a" :\n\t 1.10 \r\n',
    );
    const row = rowsOf(parseJsonKeepingNumbers(pretty).value)[0];
    expect(row).toEqual({ a: new ExactNumber('1.10') });
  });

  it('follows escaped key names on the way down, as JSON.parse reads them', () => {
    const text = body(['{"a":"x"}']).replace('"row":{"a":"x"}', '"r\\u006fw":{"a":1.10}');
    expect(rowsOf(parseJsonKeepingNumbers(text).value)[0]).toEqual({ a: new ExactNumber('1.10') });
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const text = body(['{"a":1.10,"a":2.50}']).replace('"row":', '"row":{"gone":9.90},"row":');
    expect(rowsOf(parseJsonKeepingNumbers(text).value)[0]).toEqual({ a: new ExactNumber('2.50') });
  });

  it('leaves numbers outside rows as plain numbers', () => {
    const text = body(['{"a":1.10}'], { detailExtra: ',"extra":1.10,"more":{"deep":12345678901234567890}' })
      .replace('"progress":100,"data_tables', '"progress":99.50,"data_tables')
      .replace('"line_number":1,', '"line_number":1.0,')
      .replace('"number_of_records":1', '"number_of_records":12345678901234567890')
      .replace('"title":"T"', '"title":"T","code":1e400');
    const { value, path } = parseJsonKeepingNumbers(`${text.slice(0, -1)},"top":1.10}`);
    expect(path).toBe('rewritten');
    const plain = JSON.parse(`${text.slice(0, -1)},"top":1.10}`);
    // Everything but the row is what JSON.parse gives: numbers, not ExactNumbers.
    const [detail] = detailsOf(value);
    expect(detail?.row).toEqual({ a: new ExactNumber('1.10') });
    (detailsOf(plain)[0] as Detail).row = detail?.row;
    (detailsOf(plain)[0] as Detail).line_number = detail?.line_number;
    expect(value).toEqual(plain);
    expect((value as { data_import: { progress: unknown } }).data_import.progress).toBe(99.5);
    // Line numbers are exported exactly as sent (hardening): `1.0` keeps its text, like a row value.
    expect(detail?.line_number).toEqual(new ExactNumber('1.0'));
    expect(detail?.extra).toBe(1.1);
  });

  it('leaves a bare number where a row should be (the schema rejects it) and rows of other tables alone', () => {
    const text = body(['1.10', '{"a":1.10}']);
    const [bare, row] = rowsOf(parseJsonKeepingNumbers(text).value);
    expect(bare).toBe(1.1);
    expect(row).toEqual({ a: new ExactNumber('1.10') });
    // An array in place of the details list, or of the tables list, is not followed.
    const odd =
      '{"data_import":{"data_tables_details":{"error":{"parsing_error_details":[{"row":{"a":1.10}}]}}}}';
    expect(markLossyRowNumbers(odd)).toBe(odd);
  });

  it('throws what JSON.parse throws on invalid JSON', () => {
    for (const bad of ['{"data_import":', '{"row": 01}', '', '{"a":1.10,}']) {
      expect(() => parseJsonKeepingNumbers(bad)).toThrow(SyntaxError);
    }
  });
});

describe('parseJsonKeepingNumbers: the cheap paths', () => {
  const stringRows = Array.from(
    { length: 20_000 },
    (_, i) => `{"id":"${i}","amount":"$2,341.00","fr":"54 218,00","note":"x:1.10, y","when":"2024-06-01"}`,
  );

  it('rows of strings only: no row goes the exact-numbers path', () => {
    const text = body(stringRows);
    const result = parseJsonKeepingNumbers(text);
    expect(result.path).toBe('nothing-lossy');
    expect(result.value).toEqual(JSON.parse(text));
  });

  it('rows with numbers that all survive JSON.parse: no rewrite', () => {
    const text = body(['{"n":5,"m":1.5,"k":[-42,0,1e-7]}', ...stringRows.slice(0, 10)]);
    const result = parseJsonKeepingNumbers(text);
    expect(result.path).toBe('nothing-lossy');
    expect(result.value).toEqual(JSON.parse(text));
  });

  it('a lossy number outside rows alone does not make anything change', () => {
    const text = body(['{"n":5}']).replace('"progress":100,"data_tables', '"progress":1.10,"data_tables');
    const result = parseJsonKeepingNumbers(text);
    expect(result.path).toBe('nothing-lossy');
    expect(result.value).toEqual(JSON.parse(text));
  });

  it.each([
    ['{"a":"$2,341.00","b":"12,50","c":"x 1.10"}', 'nothing-lossy'],
    ['{"a":1,"b":[2,3.5],"c":-7}', 'nothing-lossy'],
    ['{"a":"x:1.10,y"}', 'nothing-lossy'],
    ['{"a":1.10}', 'rewritten'],
    ['{"a":[ 1e5 ]}', 'rewritten'],
    ['{"a" :\n -0\n}', 'rewritten'],
  ])('the scanner sends a row down the exact path only for a lossy literal: %s', (row, path) => {
    expect(parseJsonKeepingNumbers(body([row])).path).toBe(path);
  });
});

describe('ExactNumber and stringifyExact', () => {
  it('ExactNumber reads as its text, converts to its number, and degrades to it under JSON.stringify', () => {
    const n = new ExactNumber('1.10');
    expect(String(n)).toBe('1.10');
    expect(`${n}`).toBe('1.10');
    expect(+n).toBe(1.1);
    expect(JSON.stringify({ n })).toBe('{"n":1.1}');
    expect(stringifyExact({ n })).toBe('{"n":1.10}');
  });

  it('writes what JSON.stringify writes when there is no ExactNumber', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stringifyExact(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
    expect(stringifyExact(undefined)).toBeUndefined();
    const withHoles = { a: undefined, b: [undefined, new ExactNumber('1.0')], c: () => 1 };
    expect(stringifyExact(withHoles)).toBe('{"b":[null,1.0]}');
  });
});

describe('consumers of row values', () => {
  const row = (cells: Record<string, unknown> | null): ErrorRow => ({
    import_id: 'imp',
    data_table_key: 't',
    title: 'T',
    description: 'D',
    line_number: 3,
    row: cells,
    details: "ValueError: could not convert '1.10'",
  });

  it('plain lines, cells, CSV and column inference use the text as sent', () => {
    const cells = { id: '7', amount: new ExactNumber('1.10'), list: [new ExactNumber('2.50')] };
    expect(renderErrorRowPlain(row(cells), { withImportId: false })).toBe(
      "t line 3: ValueError: could not convert '1.10' | id=7, amount=1.10, list=[2.50]\n",
    );
    expect(sanitizeValue(cells.amount)).toBe('1.10');
    expect(csvCellText(cells.amount)).toBe('1.10');
    expect(csvCellText(cells.list)).toBe('[2.50]');
    expect(inferColumn(cells, row(cells).details)).toEqual({
      column: 'amount',
      value: cells.amount,
      quoted: "'1.10'",
    });
  });

  it('a null row stays null in --json, and has no cells in CSV or plain lines', () => {
    const nothing = row(null);
    expect(createErrorRowJsonRenderer(false)(nothing)).toBe(
      '{"import_id":"imp","data_table_key":"t","title":"T","description":"D","line_number":3,"row":null,"details":"ValueError: could not convert \'1.10\'"}\n',
    );
    expect(renderErrorRowJson(nothing, false)).toBe(createErrorRowJsonRenderer(false)(nothing));
    const columns = csvColumns([nothing, row({ a: 'x' })]);
    expect(columns.header).toEqual(['data_table_key', 'line_number', 'details', 'a']);
    expect(renderCsvRow(nothing, columns, { safe: false, terminal: false })).toBe(
      "t,3,ValueError: could not convert '1.10',\r\n",
    );
    expect(renderErrorRowPlain(nothing, { withImportId: false })).toBe(
      "t line 3: ValueError: could not convert '1.10'\n",
    );
  });

  it('"row": null from the API reaches --json as null', () => {
    const fetched = interpret('imp', { status: 200, headers: {}, body: body(['null', '{"a":1.10}']) }, 0);
    const render = createErrorRowJsonRenderer(false);
    const lines = [...errorRows('imp', fetched.document.data_import)].map(render);
    expect(lines[0]).toContain('"row":null,');
    expect(lines[1]).toContain('"row":{"a":1.10},');
  });
});

describe('property: --json and --csv write rows exactly as the API sent them', () => {
  const digits = (minLength: number, maxLength: number) =>
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
  /** Any valid JSON number literal: sign, integer part, optional fraction, optional exponent. */
  const numberLiteral = fc
    .tuple(
      fc.constantFrom('', '-'),
      fc.oneof(
        fc.constant('0'),
        fc.tuple(fc.constantFrom(...'123456789'), digits(0, 30)).map(([a, b]) => a + b),
      ),
      fc.option(
        digits(1, 25).map((d) => `.${d}`),
        { nil: '' },
      ),
      fc.option(
        fc
          .tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 4))
          .map((p) => p.join('')),
        { nil: '' },
      ),
    )
    .map((parts) => parts.join(''));
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    numberLiteral,
    numberLiteral.map((n) => `x:${n},`),
  );
  /** A cell as raw JSON text: a literal, a string, or a small array of them. */
  const scalarCell = fc.oneof(
    numberLiteral,
    text.map((s) => JSON.stringify(s)),
  );
  const cell = fc.oneof(
    { weight: 4, arbitrary: scalarCell },
    { weight: 1, arbitrary: fc.array(scalarCell, { maxLength: 3 }).map((items) => `[${items.join(',')}]`) },
  );
  const rowText = fc
    .uniqueArray(fc.tuple(fc.oneof(fc.string(), fc.constantFrom('row', 'amount', '1', 'details')), cell), {
      maxLength: 6,
      selector: ([key]) => key,
    })
    .map((cells) => ({
      cells,
      raw: `{${cells.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`,
    }));

  it('each literal appears verbatim, lines parse to what JSON.parse of the input gives, CSV cells are the literals', () => {
    fc.assert(
      fc.property(fc.array(rowText, { minLength: 1, maxLength: 5 }), (rows) => {
        const fetched = interpret('imp', { status: 200, headers: {}, body: body(rows.map((r) => r.raw)) }, 0);
        const errorRowList = [...errorRows('imp', fetched.document.data_import)];
        const render = createErrorRowJsonRenderer(false);
        const columns = csvColumns(errorRowList);
        rows.forEach(({ cells, raw }, i) => {
          const errorRow = errorRowList[i] as ErrorRow;
          const line = render(errorRow);
          expect(line.endsWith('\n')).toBe(true);
          // The row is written back exactly as it came (it was compact JSON already), unless a key
          // is an array index: JavaScript objects list those first, whatever the text's order.
          if (!cells.some(([key]) => /^\d+$/.test(key))) expect(line).toContain(`"row":${raw},"details"`);
          for (const [key, value] of cells) expect(line).toContain(`${JSON.stringify(key)}:${value}`);
          expect(JSON.parse(line).row).toEqual(JSON.parse(raw));
          expect(renderErrorRowJson(errorRow, false)).toBe(line);
          for (const [key, value] of cells) {
            const sent = JSON.parse(value);
            const expected = typeof sent === 'string' ? sent : value;
            expect(csvCellText(errorRow.row?.[key])).toBe(expected);
          }
          expect(renderCsvRow(errorRow, columns, { safe: false, terminal: false })).toContain(',');
        });
      }),
      { numRuns: 300 },
    );
  });
});
