// The fake API answers as scripted and fails loudly on a look-up nobody scripted.
import { describe, expect, it } from 'vitest';
import { QiError } from '../../src/errors.js';
import { aFetchedImport, anImport, anImportDocument, rawText } from './builders.js';
import { fakeApi } from './fake-api.js';

describe('fakeApi', () => {
  it('answers from a script in order, then repeats the last answer, recording every call', async () => {
    const first = aFetchedImport(anImportDocument({ progress: 10 }));
    const last = aFetchedImport(anImportDocument({ progress: 20 }));
    const api = fakeApi({ a: [first, last] });
    expect(await api.fetchImport('a')).toBe(first);
    expect(await api.fetchImportOnce('a')).toBe(last);
    expect(await api.fetchImport('a')).toBe(last);
    expect(api.calls).toEqual(['a', 'a', 'a']);
  });

  it('validates a raw body and wraps a bare data import', async () => {
    const raw = JSON.stringify(anImportDocument({ id: 'r' }));
    const fetched = await fakeApi({ r: raw }).fetchImport('r');
    expect({ id: fetched.id, document: fetched.document }).toEqual({ id: 'r', document: JSON.parse(raw) });
    expect(rawText(fetched)).toBe(raw);
    await expect(fakeApi({ r: '{"data_import":{}}' }).fetchImport('r')).rejects.toThrow('data_import.id');
    const bare = anImport({ id: 'b' });
    const wrapped = await fakeApi({ b: bare }).fetchImport('b');
    expect({ id: wrapped.id, document: wrapped.document }).toEqual({
      id: 'b',
      document: { data_import: bare },
    });
    expect(rawText(wrapped)).toBe(JSON.stringify({ data_import: bare }));
  });

  it('throws errors, calls functions with the signal, and refuses ids it has no answer for', async () => {
    const gone = new QiError('not_found', 'import gone not found');
    const signal = new AbortController().signal;
    let seen: AbortSignal | undefined;
    const api = fakeApi({
      gone,
      fn: async (s) => {
        seen = s;
        return aFetchedImport();
      },
    });
    await expect(api.fetchImport('gone')).rejects.toBe(gone);
    await api.fetchImportOnce('fn', signal);
    expect(seen).toBe(signal);
    await expect(api.fetchImport('other')).rejects.toThrow('no answer for import other');
  });

  it('lets single-attempt callers be held to fetchImportOnce', async () => {
    const api = fakeApi({ a: aFetchedImport() }, { onlyOnce: true });
    await expect(api.fetchImport('a')).rejects.toThrow('fetchImportOnce');
    await expect(api.fetchImportOnce('a')).resolves.toMatchObject({ id: '647a13fe875af4b4eb7133c2' });
  });

  it('delays answers so that a later id can finish first', async () => {
    const api = fakeApi({ slow: aFetchedImport(), fast: aFetchedImport() }, { delays: { slow: 30 } });
    const order: string[] = [];
    await Promise.all(['slow', 'fast'].map((id) => api.fetchImport(id).then(() => order.push(id))));
    expect(order).toEqual(['fast', 'slow']);
  });
});
