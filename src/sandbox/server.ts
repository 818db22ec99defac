/**
 * The sandbox: a real node:http server speaking Qobra's imports API on loopback, for people
 * without an account and for end-to-end tests. Scenario clocks and fault counters live here, per
 * instance, so every sandbox (and every test) sees each scenario from its beginning.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { usageError } from '../errors.js';
import { readBody, send, sendMessage } from './http.js';
import { ingestionPlan, MAX_BODY_BYTES, parseIngestQuery, parseRecordsBody } from './ingest.js';
import { matchRoute } from './routes.js';
import { createScenarios, jsonReply } from './scenarios.js';
import { findTable } from './tables.js';
import { type ImportPlan, importAt, liveClock } from './timeline.js';
import type { Reply, ScenarioInfo } from './types.js';

export type { ScenarioInfo } from './types.js';

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** Scenario time runs this many times faster than the wall clock (fault delays shrink too). */
  timeScale?: number;
  now?: () => number;
  /** Called once per request answered (status 0 when the connection was dropped on purpose). */
  onRequest?: (entry: { method: string; path: string; status: number }) => void;
}

export interface Sandbox {
  /** Base URL including /v1, e.g. http://127.0.0.1:5123/v1 */
  url: string;
  host: string;
  port: number;
  scenarios: ScenarioInfo[];
  close(): Promise<void>;
}

/** Ingested imports kept at most; the oldest go first so a long-running sandbox stays small. */
const MAX_INGESTED = 1_000;

const LISTEN_REASONS: Record<string, string> = {
  EADDRINUSE: 'port already in use',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'address not available on this machine',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'host name lookup failed',
  EAI_NONAME: 'unknown host',
  EAFNOSUPPORT: 'address family not supported',
};

function listenError(error: NodeJS.ErrnoException, where: string) {
  const reason = (error.code && LISTEN_REASONS[error.code]) ?? error.message.split('\n')[0];
  const hint =
    error.code === 'EADDRINUSE' ? 'pick another port with --port, or --port 0 for any free one' : undefined;
  return usageError(`cannot listen on ${where}: ${reason}`, hint);
}

const hostInUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

/** Starts a sandbox; rejects with a usage error when the address cannot be listened on. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  const timeScale = options.timeScale ?? 1;
  const now = options.now ?? Date.now;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw usageError(`invalid port ${port}: use a whole number from 0 to 65535`);
  }
  if (!(timeScale > 0 && Number.isFinite(timeScale)))
    throw new RangeError('timeScale must be a positive number');

  const scenarios = createScenarios();
  const seen = new Map<string, { startedAt: number; requests: number }>();
  const ingested = new Map<string, { plan: ImportPlan; createdAt: number }>();
  const timers = new Set<NodeJS.Timeout>();
  let ingestCount = 0;

  const elapsedSince = (wallMs: number) => Math.max(0, now() - wallMs) * timeScale;

  function answer(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    const path = req.url?.split('?')[0] ?? '';
    const log = (status: number) => options.onRequest?.({ method: req.method ?? '', path, status });
    if (reply.kind === 'drop') {
      req.socket.destroy();
      log(0);
      return;
    }
    const write = () => {
      send(res, reply.status, reply.body, reply.headers);
      log(reply.status);
    };
    if (!reply.delayMs) {
      write();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      write();
    }, reply.delayMs / timeScale);
    timers.add(timer);
    res.on('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  }

  function answerImport(id: string): Reply {
    const scenario = scenarios.get(id);
    if (scenario) {
      const state = seen.get(id) ?? { startedAt: now(), requests: 0 };
      seen.set(id, state);
      state.requests += 1;
      return scenario.reply({
        elapsedMs: elapsedSince(state.startedAt),
        requestNumber: state.requests,
        startedAt: state.startedAt,
        timeScale,
      });
    }
    const entry = ingested.get(id);
    if (!entry) return jsonReply(404, { message: 'Import not found' });
    const clock = liveClock({ startedAt: entry.createdAt, timeScale });
    return jsonReply(200, { data_import: importAt(entry.plan, elapsedSince(entry.createdAt), clock) });
  }

  /** ObjectId-like: creation seconds, then a counter; never one of the scenario ids. */
  function newImportId(): string {
    let id: string;
    do {
      ingestCount += 1;
      const seconds = Math.floor(now() / 1000) >>> 0;
      id = `${seconds.toString(16).padStart(8, '0')}5adb0c${ingestCount.toString(16).padStart(10, '0')}`;
    } while (scenarios.has(id) || ingested.has(id));
    return id;
  }

  async function answerIngest(
    req: IncomingMessage,
    tableKey: string,
    query: URLSearchParams,
  ): Promise<Reply> {
    const table = findTable(tableKey);
    if (!table) return jsonReply(404, { message: `Data table not found: ${tableKey}` });
    const parsedQuery = parseIngestQuery(query);
    if (!parsedQuery.ok) return jsonReply(400, { message: parsedQuery.message });
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body.kind === 'aborted') return { kind: 'drop' };
    if (body.kind === 'too-large') {
      return jsonReply(400, { message: `body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB` });
    }
    const records = parseRecordsBody(body.body.toString('utf8'));
    if (!records.ok) return jsonReply(400, { message: records.message });
    const id = newImportId();
    ingested.set(id, { plan: ingestionPlan(id, table, records.value, parsedQuery.value), createdAt: now() });
    if (ingested.size > MAX_INGESTED) ingested.delete(ingested.keys().next().value as string);
    return jsonReply(200, { import_id: id });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const route = matchRoute(req.method, req.url);
    if (route.kind === 'reject')
      return answer(req, res, jsonReply(route.status, { message: route.message }, route.headers));
    // Node trims header values, so a key of only spaces arrives empty too.
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || key === '') {
      return answer(
        req,
        res,
        jsonReply(401, { message: 'Missing API key: send it in the X-API-Key header' }),
      );
    }
    if (route.kind === 'import') return answer(req, res, answerImport(route.id));
    answer(req, res, await answerIngest(req, route.tableKey, route.query));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the sandbox must not take it down mid-demo: answer 500 and carry on.
      sendMessage(res, 500, `sandbox error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  const where = `${hostInUrl(host)}:${port}`;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, where)));
    server.listen(port, host, () => resolve());
  });
  server.removeAllListeners('error');
  server.on('error', () => {
    // Errors after listening (a client resetting mid-answer) concern one socket, not the sandbox.
  });

  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostInUrl(host)}:${actualPort}/v1`,
    host,
    port: actualPort,
    scenarios: scenariosInfo(scenarios),
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        // Idle keep-alive sockets would otherwise hold close() (and a test run) open for seconds.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function scenariosInfo(scenarios: ReturnType<typeof createScenarios>): ScenarioInfo[] {
  return [...scenarios.values()].map(({ id, name, description }) => ({ id, name, description }));
}
