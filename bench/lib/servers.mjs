// Loopback servers for the benchmarks (127.0.0.1, a free port): each answers `GET …/imports/<id>` as
// the API would, and keeps what the bench reports (requests per id, most requests in flight at once).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';

const JSON_TYPE = 'application/json';
const idOf = (url) => /\/imports\/([^/?#]+)/.exec(url ?? '')?.[1];

async function listen(handler) {
  const server = createServer(handler);
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const send = (res, status, text) => {
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/** Serves each id's body from its file, streamed (never held whole), with its content-length. */
export async function startFileServer(files) {
  return listen((req, res) => {
    const file = files[idOf(req.url)];
    if (!file) return send(res, 404, '{"message":"Not found"}');
    res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': statSync(file).size });
    createReadStream(file, { highWaterMark: 1 << 20 }).pipe(res);
  });
}

const table = (key, status, progress, records) =>
  `{"type":"api","status":"${status}","data_table_key":"${key}","progress":${progress},"number_of_records":${records},"error":null}`;

/**
 * Any id is an import stuck like the sandbox's: scheduled for 2 s after its first request, then
 * started at 42% forever. `requests(id)` counts the look-ups.
 */
export async function startStuckServer() {
  const first = new Map();
  const counts = new Map();
  const server = await listen((req, res) => {
    const id = idOf(req.url);
    if (!id) return send(res, 404, '{"message":"Not found"}');
    const now = Date.now();
    if (!first.has(id)) first.set(id, now);
    counts.set(id, (counts.get(id) ?? 0) + 1);
    const created = new Date(first.get(id)).toISOString().replace(/\.\d+Z$/, 'Z');
    const started = now - first.get(id) >= 2_000;
    const launched = started
      ? `"${new Date(first.get(id) + 2_000).toISOString().replace(/\.\d+Z$/, 'Z')}"`
      : 'null';
    const tables = started
      ? [table('companies', 'started', 60, 300), table('opportunities', 'started', 24, 480)]
      : [table('companies', 'scheduled', 0, null), table('opportunities', 'scheduled', 0, null)];
    send(
      res,
      200,
      `{"data_import":{"id":"${id}","created_at":"${created}","launched_at":${launched},"finished_at":null,"status":"${started ? 'started' : 'scheduled'}","progress":${started ? 42 : 0},"data_tables_details":[${tables.join(',')}]}}`,
    );
  });
  return { ...server, requests: (id) => counts.get(id) ?? 0 };
}

/** Any id is a finished clean import, answered `delayMs` after its request arrives; counts requests in flight. */
export async function startSlowServer(delayMs) {
  let inFlight = 0;
  let maxInFlight = 0;
  let requests = 0;
  const server = await listen((req, res) => {
    const id = idOf(req.url);
    requests++;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    setTimeout(() => {
      inFlight--;
      if (!id) return send(res, 404, '{"message":"Not found"}');
      const tables = [
        table('companies', 'finished', 100, 500),
        table('opportunities', 'finished', 100, 2000),
      ];
      send(
        res,
        200,
        `{"data_import":{"id":"${id}","created_at":"2026-11-30T09:00:00Z","launched_at":"2026-11-30T09:00:03Z","finished_at":"2026-11-30T09:00:20Z","status":"finished","progress":100,"data_tables_details":[${tables.join(',')}]}}`,
      );
    }, delayMs);
  });
  return {
    ...server,
    stats: () => ({ requests, maxInFlight }),
    reset: () => {
      requests = 0;
      maxInFlight = 0;
    },
  };
}

/** Import ids the bench invents: 24 hex digits, like Qobra's. */
export const benchIds = (count, base = 0xbe0000) =>
  Array.from({ length: count }, (_, i) => `64b0c1ea${(base + i).toString(16).padStart(16, '0')}`);
