// What the response schema accepts (the documented example, unknown fields and values, nulls) and
// how it names the field it refuses.
import { describe, expect, it } from 'vitest';
import { validateImportDocument } from '../../src/api/schema.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';

// Untyped on purpose: these tests break its shape field by field.
const FIXTURE = JSON.parse(DOCUMENTED_EXAMPLE_TEXT);

describe('validateImportDocument', () => {
  it('accepts the documented example unchanged', () => {
    expect(validateImportDocument(FIXTURE)).toEqual({ ok: true, document: FIXTURE });
  });

  it('keeps unknown fields at every level', () => {
    const doc = structuredClone(FIXTURE);
    doc.errored = true;
    doc.data_import.has_error = true;
    doc.data_import.data_tables_details[1].error.code = 'E42';
    doc.data_import.data_tables_details[1].error.parsing_error_details[0].column = 'amount';
    doc.data_import.data_tables_details[0].extra = { nested: [1, 2] };
    const result = validateImportDocument(doc);
    expect(result).toEqual({ ok: true, document: doc });
  });

  it('accepts unknown enum values as strings', () => {
    const doc = structuredClone(FIXTURE);
    doc.data_import.status = 'paused';
    doc.data_import.data_tables_details[0].type = 'sftp';
    doc.data_import.data_tables_details[0].status = 'cancelled';
    const result = validateImportDocument(doc);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.document.data_import.status).toBe('paused');
      expect(result.document.data_import.data_tables_details[0]).toMatchObject({
        type: 'sftp',
        status: 'cancelled',
      });
    }
  });

  it('accepts the nulls an unfinished import has', () => {
    const doc = {
      data_import: {
        id: 'x',
        created_at: '2024-06-25T09:58:32Z',
        launched_at: null,
        finished_at: null,
        status: 'scheduled',
        progress: null,
        data_tables_details: [
          {
            type: null,
            status: 'scheduled',
            data_table_key: 'k',
            progress: null,
            number_of_records: null,
            error: null,
          },
        ],
      },
    };
    expect(validateImportDocument(doc)).toEqual({ ok: true, document: doc });
  });

  it.each([
    [
      'data_import.data_tables_details[1].progress',
      (d: typeof FIXTURE) => (d.data_import.data_tables_details[1].progress = '100'),
    ],
    ['data_import.id', (d: typeof FIXTURE) => (d.data_import.id = 42)],
    ['data_import.status', (d: typeof FIXTURE) => delete d.data_import.status],
    ['data_import.data_tables_details', (d: typeof FIXTURE) => (d.data_import.data_tables_details = {})],
    [
      'data_import.data_tables_details[0].data_table_key',
      (d: typeof FIXTURE) => (d.data_import.data_tables_details[0].data_table_key = null),
    ],
    [
      'data_import.data_tables_details[1].error.parsing_error_details[0].line_number',
      (d: typeof FIXTURE) =>
        (d.data_import.data_tables_details[1].error.parsing_error_details[0].line_number = '1'),
    ],
    [
      'data_import.data_tables_details[1].error.title',
      (d: typeof FIXTURE) => (d.data_import.data_tables_details[1].error.title = ['x']),
    ],
    ['data_import', (d: typeof FIXTURE) => delete d.data_import],
  ])('names the path of a wrong field: %s', (path, mutate) => {
    const doc = structuredClone(FIXTURE);
    mutate(doc);
    const result = validateImportDocument(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem.startsWith(`${path}: `)).toBe(true);
      expect(result.problem).not.toMatch(/\n/);
    }
  });

  it.each([null, [], 'text', 42])('refuses %j at the root', (value) => {
    expect(validateImportDocument(value)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^\(root\): /),
    });
  });
});
