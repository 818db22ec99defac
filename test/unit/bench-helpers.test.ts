// The bench's own logic: generated bodies have the documented shape, the numeric rows really hold
// literals JSON.parse alters, and the CSV reader used to compare the CLI with jq reads RFC 4180.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeImportBody } from '../../bench/lib/bodies.mjs';
import { csvCells } from '../../bench/lib/flatten.mjs';

type Detail = { line_number: unknown; row: Record<string, unknown>; details: unknown };
type Table = {
  data_table_key: string;
  error: { title: string; description: string; parsing_error_details: Detail[] };
};
type Body = { data_import: { id: string; status: string; data_tables_details: Table[] } };

const scratch = mkdtempSync(join(tmpdir(), 'qobra-bench-helpers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function generate(rows: number, values: 'text' | 'numbers' | 'quoted-numbers') {
  const file = join(scratch, `${values}-${rows}.json`);
  const made = writeImportBody(file, { id: '64b0c1ea0000000000be0001', rows, values, keep: 20 });
  const text = readFileSync(file, 'utf8');
  return { made, text, body: JSON.parse(text) as Body };
}

const detailsOf = (body: Body) =>
  body.data_import.data_tables_details.flatMap((t) => t.error.parsing_error_details);

describe('writeImportBody', () => {
  it.each([1, 5_000, 10_001])('writes %i rejected rows in two tables of the documented shape', (rows) => {
    const { made, text, body } = generate(rows, 'text');
    expect(made.bytes).toBe(Buffer.byteLength(text));
    expect(body.data_import).toMatchObject({ id: '64b0c1ea0000000000be0001', status: 'finished' });
    expect(body.data_import.data_tables_details.map((t) => t.data_table_key)).toEqual([
      'opportunities',
      'payments',
    ]);
    const details = detailsOf(body);
    expect(details).toHaveLength(rows);
    // One assertion over all rows: thousands of expect() calls would make this test slow.
    const misshapen = details.filter(
      (d) =>
        Object.keys(d).join() !== 'line_number,row,details' ||
        typeof d.line_number !== 'number' ||
        typeof d.details !== 'string' ||
        !Object.values(d.row).every((value) => typeof value === 'string'),
    );
    expect(misshapen).toEqual([]);
    expect(made.firstRows).toEqual(details.slice(0, 20).map((d) => JSON.stringify(d.row)));
  });

  it('weighs about 200 bytes a row, like the sandbox', () => {
    const { made } = generate(10_001, 'text');
    expect(made.bytes / 10_001).toBeGreaterThan(180);
    expect(made.bytes / 10_001).toBeLessThan(260);
  });

  it('writes number literals JSON.parse alters, and the same rows quoted', () => {
    const numbers = generate(2_000, 'numbers');
    const quoted = generate(2_000, 'quoted-numbers');
    const literals = detailsOf(quoted.body).flatMap((d) => [
      d.row.id,
      d.row.amount,
      d.row.quantity,
      d.row.rate,
    ]);
    expect(literals).toHaveLength(8_000);
    expect(literals.filter((literal) => String(JSON.parse(String(literal))) === literal)).toEqual([]);
    expect(numbers.text.replaceAll(/"(-?[\d.eE+-]+)"/g, '$1')).toBe(
      quoted.text.replaceAll(/"(-?[\d.eE+-]+)"/g, '$1'),
    );
    expect(numbers.made.firstRows[0]).toMatch(/"id":12345678901234567890,/);
  });
});

describe('csvCells', () => {
  it.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['a,"b,c","d""e",', ['a', 'b,c', 'd"e', '']],
    ['"x",,"y"\r', ['x', '', 'y']],
    ['""', ['']],
  ])('reads %j', (line, cells) => {
    expect(csvCells(line)).toEqual(cells);
  });

  it('refuses a quote left open', () => {
    expect(() => csvCells('"abc')).toThrow(/unterminated/);
  });
});
