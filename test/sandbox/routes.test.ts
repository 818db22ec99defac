import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../src/sandbox/routes.js';

describe('matchRoute', () => {
  it.each([
    ['GET', '/v1/imports/647a13fe875af4b4eb7133c2', { kind: 'import', id: '647a13fe875af4b4eb7133c2' }],
    ['GET', '/v1/imports/a%20b?x=1', { kind: 'import', id: 'a b' }],
    ['GET', '/v1/imports/a%2Fb', { kind: 'import', id: 'a/b' }],
  ])('%s %s is %j', (method, url, expected) => {
    expect(matchRoute(method, url)).toEqual(expected);
  });

  it('reads the table key and the query of an ingestion', () => {
    const route = matchRoute('POST', '/v1/tables/companies/records/bulk?all=true&debounce=3');
    expect(route.kind).toBe('ingest');
    if (route.kind === 'ingest') {
      expect(route.tableKey).toBe('companies');
      expect(route.query.get('debounce')).toBe('3');
    }
  });

  it.each([
    ['GET', '/', 404],
    ['GET', '/v1/imports', 404],
    ['GET', '/v1/imports/', 404],
    ['GET', '/v1/imports/abc/extra', 404],
    ['GET', '/v2/imports/abc', 404],
    ['GET', '//v1/imports/abc', 404],
    ['GET', '/v1/tables/companies/records', 404],
    ['POST', '/v1/imports/abc', 405],
    ['DELETE', '/v1/imports/abc', 405],
    ['GET', '/v1/tables/companies/records/bulk', 405],
    ['GET', '/v1/imports/%E0%A4%A', 400],
  ])('%s %s is refused with %i', (method, url, status) => {
    expect(matchRoute(method, url)).toMatchObject({ kind: 'reject', status });
  });

  it('names the allowed method on a 405', () => {
    expect(matchRoute('PUT', '/v1/imports/abc')).toMatchObject({ headers: { allow: 'GET' } });
    expect(matchRoute('GET', '/v1/tables/users/records/bulk')).toMatchObject({ headers: { allow: 'POST' } });
  });
});
