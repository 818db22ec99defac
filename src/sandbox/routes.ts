/**
 * Which of the sandbox's two routes a request is for, as a pure function of method and URL, so
 * 404/405/400 answers are decided in one testable place.
 */

export type Route =
  | { kind: 'import'; id: string }
  | { kind: 'ingest'; tableKey: string; query: URLSearchParams }
  | { kind: 'reject'; status: number; message: string; headers?: Record<string, string> };

const notFound: Route = { kind: 'reject', status: 404, message: 'Not found' };

function wrongMethod(allowed: string): Route {
  return {
    kind: 'reject',
    status: 405,
    message: `Method not allowed: use ${allowed}`,
    headers: { allow: allowed },
  };
}

/** Decodes one path segment; null when its percent-escapes are broken. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function matchRoute(method: string | undefined, rawUrl: string | undefined): Route {
  // Prefixing the origin (rather than passing it as a base) keeps `//x` from reading as a host.
  let url: URL;
  try {
    url = new URL(`http://sandbox${rawUrl?.startsWith('/') ? rawUrl : `/${rawUrl ?? ''}`}`);
  } catch {
    return { kind: 'reject', status: 400, message: 'Malformed URL' };
  }
  // Split the raw, still-encoded path: an id holding an encoded "/" stays one segment.
  const segments = url.pathname.split('/').slice(1);
  const [version, collection, key, ...rest] = segments;
  if (version !== 'v1' || key === undefined || key === '') return notFound;

  if (collection === 'imports' && rest.length === 0) {
    if (method !== 'GET') return wrongMethod('GET');
    const id = decodeSegment(key);
    if (id === null) return { kind: 'reject', status: 400, message: 'Malformed import id in the URL' };
    return { kind: 'import', id };
  }
  if (collection === 'tables' && rest.length === 2 && rest[0] === 'records' && rest[1] === 'bulk') {
    if (method !== 'POST') return wrongMethod('POST');
    const tableKey = decodeSegment(key);
    if (tableKey === null)
      return { kind: 'reject', status: 400, message: 'Malformed data table key in the URL' };
    return { kind: 'ingest', tableKey, query: url.searchParams };
  }
  return notFound;
}
