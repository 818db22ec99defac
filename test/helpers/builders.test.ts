// The builders' defaults are the documented example, exactly: tests that override one field can
// trust every other field to be what Qobra publishes.
import { describe, expect, it } from 'vitest';
import {
  aDataTable,
  aFailingTable,
  aFetchedImport,
  anImport,
  anImportDocument,
  aParsingError,
  aRejectedRow,
  rawText,
  stageTimes,
} from './builders.js';
import { documentedExample } from './documented-example.js';

const documented = documentedExample().document.data_import;

describe('builders', () => {
  it('build the documented example byte for byte, key order included', () => {
    expect(`${JSON.stringify(anImportDocument(), null, 2)}\n`).toBe(documentedExample().text);
  });

  it('build each part of the documented example', () => {
    expect(anImport()).toEqual(documented);
    expect(aDataTable()).toEqual(documented.data_tables_details[0]);
    expect(aFailingTable()).toEqual(documented.data_tables_details[1]);
    expect(aParsingError()).toEqual(documented.data_tables_details[1]?.error);
    expect(aRejectedRow()).toEqual(
      documented.data_tables_details[1]?.error?.parsing_error_details?.slice(0, 1)[0],
    );
  });

  it('apply overrides and return new objects each time', () => {
    expect(aDataTable({ data_table_key: 'deals', error: aParsingError([]) })).toMatchObject({
      data_table_key: 'deals',
      number_of_records: 122,
      error: { title: 'ParsingError', parsing_error_details: [] },
    });
    expect(anImport({ status: 'started' }).data_tables_details).not.toBe(anImport().data_tables_details);
    expect(aRejectedRow({ line_number: 7 })).toMatchObject({ line_number: 7, row: { amount: 'AAAAA' } });
  });

  it('give each stage only the timestamps it has', () => {
    expect(stageTimes('scheduled')).toEqual({
      created_at: '2024-06-25T09:58:32Z',
      launched_at: null,
      finished_at: null,
    });
    expect(stageTimes('started')).toMatchObject({ launched_at: '2024-06-25T10:03:27Z', finished_at: null });
    expect(stageTimes('finished')).toMatchObject({ finished_at: '2024-06-25T10:14:12Z' });
  });

  it('wrap a document as the API client returns it', () => {
    const document = anImportDocument({ id: 'x' });
    const fetched = aFetchedImport(document);
    expect({ id: fetched.id, document: fetched.document }).toEqual({ id: 'x', document });
    expect(rawText(fetched)).toBe(JSON.stringify(document));
    expect(rawText(aFetchedImport(document, '{}'))).toBe('{}');
  });
});
