// The CLI's own error messages are masked should a key ever reach them; results never are.

import { describe, expect, it } from 'vitest';
import type { FetchedImport } from '../../src/api/client.js';
import type { CliDeps } from '../../src/cli/cli-deps.js';
import { keyMaskingApi, MIN_MASKED_LENGTH, maskKey, maskKeyInError } from '../../src/cli/key-mask.js';
import { lazyCommandRunners } from '../../src/cli/runners.js';
import { main } from '../../src/cli.js';
import { QiError } from '../../src/errors.js';
import {
  aFailingTable,
  aFetchedImport,
  anImportDocument,
  aRejectedRow,
  jsonText,
} from '../helpers/builders.js';
import { fakeApi } from '../helpers/fake-api.js';
import { fakeDeps } from '../helpers/fake-deps.js';

const KEY = 'qk_live_0123456789abcdef';

describe('maskKey', () => {
  it('replaces every occurrence of the key', () => {
    expect(maskKey(`a ${KEY} b ${KEY}`, KEY)).toBe('a *** b ***');
  });

  it('leaves text alone without a key, or with one too short to be a real key', () => {
    expect(maskKey('a test b', undefined)).toBe('a test b');
    expect(maskKey('created 2024-06-25, table test', '2024')).toBe('created 2024-06-25, table test');
    const short = 'k'.repeat(MIN_MASKED_LENGTH - 1);
    expect(maskKey(`x ${short} y`, short)).toBe(`x ${short} y`);
  });
});

describe('maskKeyInError', () => {
  it('masks the message, the hint and the retry reason, and keeps everything else', () => {
    const error = new QiError('interrupted', `stopped ${KEY}`, {
      exitCode: 143,
      hint: `hint ${KEY}`,
      reason: `why ${KEY}`,
      importId: 'abc',
      status: 503,
      transient: true,
    });
    const masked = maskKeyInError(error, KEY);
    expect(masked).toMatchObject({
      code: 'interrupted',
      exitCode: 143,
      message: 'stopped ***',
      hint: 'hint ***',
      extra: expect.objectContaining({ reason: 'why ***', importId: 'abc', status: 503, transient: true }),
    });
  });

  it('returns the error itself when no word of it holds the key', () => {
    const error = new QiError('not_found', 'import abc not found', { hint: 'check the id' });
    expect(maskKeyInError(error, KEY)).toBe(error);
    expect(maskKeyInError(error, undefined)).toBe(error);
  });
});

describe('keyMaskingApi', () => {
  it('passes data through untouched, the key included when the server sent it', async () => {
    const document = anImportDocument({
      data_tables_details: [aFailingTable([aRejectedRow({ row: { note: `echo ${KEY}` } })])],
    });
    const fetched = aFetchedImport(document);
    const api = keyMaskingApi(fakeApi({ a: fetched }), KEY);
    await expect(api.fetchImport('a')).resolves.toBe(fetched);
    await expect(api.fetchImportOnce('a')).resolves.toBe(fetched);
  });

  it('masks the QiErrors it throws, and leaves other errors (bugs) as they are', async () => {
    const bug = new TypeError('a bug');
    const api = keyMaskingApi(fakeApi({ refused: new QiError('auth', `refused ${KEY}`), bug }), KEY);
    await expect(api.fetchImport('refused')).rejects.toMatchObject({ code: 'auth', message: 'refused ***' });
    await expect(api.fetchImportOnce('bug')).rejects.toBe(bug);
  });
});

describe('main(): results are never filtered', () => {
  it('status --json prints a document that holds the key exactly as sent', async () => {
    const raw = JSON.stringify(
      anImportDocument({ data_tables_details: [aFailingTable([aRejectedRow({ row: { note: KEY } })])] }),
    );
    const fetched: FetchedImport = { ...aFetchedImport(JSON.parse(raw)), raw: jsonText(raw) };
    const deps: CliDeps & ReturnType<typeof fakeDeps> = Object.assign(fakeDeps(), {
      connect: async () => ({ api: fakeApi({ [fetched.id]: fetched }), apiKey: KEY }),
      commands: lazyCommandRunners,
    });
    expect(await main(['status', fetched.id, '--json'], deps)).toBe(1);
    expect(deps.stdout.text).toBe(`${raw}\n`);
  });
});
