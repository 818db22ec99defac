import { afterEach, describe, expect, it } from 'vitest';
import { QiError } from '../../src/errors.js';
import { SCENARIO_IDS, SCENARIOS } from '../../src/sandbox/scenarios.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/server.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';

const KEY = { 'X-API-Key': 'sandbox-test-key' };

const started: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sandbox) => sandbox.close()));
});

/** A sandbox on a free loopback port, ten thousand times faster than real time, closed after each test. */
async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const instance = await startSandbox({ port: 0, host: '127.0.0.1', timeScale: 10_000, ...options });
  started.push(instance);
  return instance;
}

const getImport = (base: Sandbox, id: string, headers: Record<string, string> = KEY) =>
  fetch(`${base.url}/imports/${id}`, { headers });

/** The outcome of a request that may lose its connection: a status, or 'dropped'. */
async function outcome(response: Promise<Response>): Promise<number | 'dropped'> {
  try {
    const res = await response;
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 'dropped';
  }
}

describe('startSandbox', () => {
  it('listens on a free loopback port and lists its scenarios', async () => {
    const base = await sandbox();
    expect(base.url).toBe(`http://127.0.0.1:${base.port}/v1`);
    expect(base.port).toBeGreaterThan(0);
    expect(base.host).toBe('127.0.0.1');
    expect(base.scenarios).toEqual([...SCENARIOS]);
  });

  it('refuses a port in use with a one-line usage error', async () => {
    const base = await sandbox();
    const error = await startSandbox({ port: base.port }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QiError);
    expect(error).toMatchObject({
      code: 'usage',
      exitCode: 2,
      message: `cannot listen on 127.0.0.1:${base.port}: port already in use`,
    });
  });

  it('refuses an address this machine does not have', async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has it.
    const error = await startSandbox({ host: '192.0.2.1' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'usage',
      message: 'cannot listen on 192.0.2.1:0: address not available on this machine',
    });
  });

  it('refuses a port out of range', async () => {
    await expect(startSandbox({ port: 70_000 })).rejects.toMatchObject({ code: 'usage' });
  });

  it('closes promptly even with keep-alive connections open', async () => {
    const base = await startSandbox({ timeScale: 10_000 });
    await (await getImport(base, SCENARIO_IDS.documented)).text();
    const result = await Promise.race([
      base.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 2_000)),
    ]);
    expect(result).toBe('closed');
    await base.close();
  });
});

describe('GET /v1/imports/{id}', () => {
  it('wants a non-empty X-API-Key', async () => {
    const base = await sandbox();
    for (const headers of [{}, { 'X-API-Key': '' }] as Record<string, string>[]) {
      const res = await getImport(base, SCENARIO_IDS.documented, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: expect.stringContaining('X-API-Key') });
    }
  });

  it('answers 404 for an unknown import, route or 405 for a wrong method', async () => {
    const base = await sandbox();
    const unknown = await getImport(base, '000000000000000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'Import not found' });
    expect((await fetch(`${base.url}/nothing`, { headers: KEY })).status).toBe(404);
    const wrong = await fetch(`${base.url}/imports/${SCENARIO_IDS.documented}`, {
      method: 'DELETE',
      headers: KEY,
    });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  it('serves the documented example byte for byte, as JSON', async () => {
    const base = await sandbox();
    const res = await getImport(base, SCENARIO_IDS.documented);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text).toBe(DOCUMENTED_EXAMPLE_TEXT);
    expect(JSON.parse(text)).toEqual(JSON.parse(DOCUMENTED_EXAMPLE_TEXT));
  });

  it('decodes the id in the path', async () => {
    const base = await sandbox();
    const res = await getImport(base, '%36%34%37a13fe875af4b4eb7133c2');
    expect(res.status).toBe(200);
  });

  it('unfolds a scenario from its first request, on each sandbox anew', async () => {
    let clock = Date.parse('2024-06-25T10:00:00Z');
    const base = await sandbox({ timeScale: 1, now: () => clock });
    const status = async (on: Sandbox) =>
      ((await (await getImport(on, SCENARIO_IDS.clean)).json()) as { data_import: { status: string } })
        .data_import.status;
    expect(await status(base)).toBe('scheduled');
    clock += 10_000;
    expect(await status(base)).toBe('started');
    clock += 10_000;
    const done = (await (await getImport(base, SCENARIO_IDS.clean)).json()) as { data_import: unknown };
    expect(done.data_import).toMatchObject({
      status: 'finished',
      created_at: '2024-06-25T10:00:00Z',
      finished_at: '2024-06-25T10:00:20Z',
    });
    const other = await sandbox({ timeScale: 1, now: () => clock });
    expect(await status(other)).toBe('scheduled');
  });

  it('plays flaky, rate-limited and dropped in order', async () => {
    const base = await sandbox();
    const flaky: (number | 'dropped')[] = [];
    for (let i = 0; i < 4; i++) flaky.push(await outcome(getImport(base, SCENARIO_IDS.flaky)));
    expect(flaky).toEqual([503, 503, 503, 200]);

    const limited = await getImport(base, SCENARIO_IDS.rateLimited);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    await limited.arrayBuffer();
    expect(await outcome(getImport(base, SCENARIO_IDS.rateLimited))).toBe(429);
    expect(await outcome(getImport(base, SCENARIO_IDS.rateLimited))).toBe(200);

    const dropped: (number | 'dropped')[] = [];
    for (let i = 0; i < 3; i++) dropped.push(await outcome(getImport(base, SCENARIO_IDS.dropped)));
    expect(dropped).toEqual(['dropped', 'dropped', 200]);
  });

  it('keeps fault counters per sandbox', async () => {
    const first = await sandbox();
    for (let i = 0; i < 3; i++) await outcome(getImport(first, SCENARIO_IDS.flaky));
    const second = await sandbox();
    expect(await outcome(getImport(second, SCENARIO_IDS.flaky))).toBe(503);
  });

  it('delays slow answers by about 3 s divided by timeScale', async () => {
    const base = await sandbox({ timeScale: 20 });
    const before = performance.now();
    expect(await outcome(getImport(base, SCENARIO_IDS.slow))).toBe(200);
    expect(performance.now() - before).toBeGreaterThanOrEqual(100);
  });

  it('sends a malformed body as JSON', async () => {
    const base = await sandbox();
    const res = await getImport(base, SCENARIO_IDS.malformed);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('serves the big import with its 100,000 rows', async () => {
    const base = await sandbox();
    const body = (await (await getImport(base, SCENARIO_IDS.big)).json()) as {
      data_import: { data_tables_details: { error: { parsing_error_details: unknown[] } }[] };
    };
    const rows = body.data_import.data_tables_details.reduce(
      (n, t) => n + t.error.parsing_error_details.length,
      0,
    );
    expect(rows).toBe(100_000);
  });
});
