// `status` end to end: the built binary against a real loopback server, one case per exit-code row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDataTable, anImport, stageTimes } from '../helpers/builders.js';
import { documentedExample } from '../helpers/documented-example.js';
import { json, lastErrorDocument, runCli, startServer, TEST_KEY, type TestServer } from './harness.js';

const { text: fixtureText, document: fixture } = documentedExample();
const FIXTURE_ID = fixture.data_import.id;

/** A body at the given stage; `tables` may be malformed on purpose, so it is not typed. */
function documentWith(id: string, status: string, tables: unknown[]) {
  const progress = status === 'finished' ? 100 : 40;
  return {
    data_import: {
      ...anImport({ id, ...stageTimes(status), status, progress }),
      data_tables_details: tables,
    },
  };
}

const cleanTable = aDataTable({ number_of_records: 10 });

let server: TestServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.headers['x-api-key'] !== TEST_KEY) return json(response, 401, { message: 'bad key' });
    const id = decodeURIComponent(request.url?.replace(/^\/v1\/imports\//, '') ?? '');
    switch (id) {
      case FIXTURE_ID:
        return json(response, 200, fixtureText);
      case 'clean':
        return json(response, 200, documentWith('clean', 'finished', [cleanTable]));
      case 'running':
        return json(
          response,
          200,
          documentWith('running', 'started', [{ ...cleanTable, status: 'started', progress: 40 }]),
        );
      case 'paused':
        return json(response, 200, documentWith('paused', 'paused', [cleanTable]));
      case 'forbidden':
        return json(response, 403, { message: 'no' });
      case 'invalid':
        return json(response, 422, { message: 'invalid id' });
      case 'down':
        return json(response, 503, { message: 'maintenance' }, { 'retry-after': '0' });
      case 'html':
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end('<!DOCTYPE html><html><body>\u001b[31mLogin\u001b[0m</body></html>');
      case 'shape':
        return json(response, 200, {
          data_import: {
            ...documentWith('shape', 'finished', [{ ...cleanTable, progress: 'fifty' }]).data_import,
          },
        });
      case 'evil':
        return json(
          response,
          200,
          documentWith('evil', 'finished', [
            {
              ...cleanTable,
              data_table_key: 'deals\u001b[2J\u001b]0;pwned\u0007',
              error: { title: 'Bad\u202eeman', description: 'line\r\nbreak', parsing_error_details: [] },
            },
          ]),
        );
      default:
        return json(response, 404, { message: 'Import not found' });
    }
  });
  env = { QOBRA_BASE_URL: server.url };
});

afterAll(() => server.close());

describe('status, piped', () => {
  it('exits 1 for the documented example and reports every fact as plain lines', async () => {
    const run = await runCli(['status', FIXTURE_ID], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`import ${FIXTURE_ID}: finished with errors, 100%`);
    expect(run.stdout).toContain('queued 4m 55s');
    expect(run.stdout).toContain('ran 10m 45s');
    expect(run.stdout).toContain('table companies, type api, finished, 100%, records 122');
    expect(run.stdout).toContain('records -');
    expect(run.stdout).toContain(
      "ParsingError: Can't parse 'AAAAA' as float for user attribute amount (1 rejected row)",
    );
    expect(run.stdout).not.toMatch(/[\u001b┌│─]/);
    expect(run.stderr).toContain(`qobra-imports errors ${FIXTURE_ID}`);
  });

  it('exits 0 for a clean finished import and 8 while one is still running', async () => {
    expect((await runCli(['status', 'clean'], { env })).code).toBe(0);
    const running = await runCli(['status', 'running'], { env });
    expect(running.code).toBe(8);
    expect(running.stdout).toContain('import running: started, 40%');
  });

  it('counts an undocumented status as not finished, with a warning', async () => {
    const run = await runCli(['status', 'paused'], { env });
    expect(run.code).toBe(8);
    expect(run.stderr).toContain('warning: import paused reports status "paused"');
  });

  it('escapes control characters and bidi overrides from the server', async () => {
    const run = await runCli(['status', 'evil'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('deals\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(run.stdout).toContain('Bad\\u202eeman');
    expect(run.stdout).toContain('line\\u000d\\u000abreak');
    expect(run.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  });
});

describe('status --json', () => {
  it('prints the response unaltered on one line (unknown fields, key order, numbers)', async () => {
    const run = await runCli(['status', FIXTURE_ID, 'clean', '--json'], { env });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0] ?? '')).toEqual(fixture);
    expect(lines[0]).toBe(JSON.stringify(fixture));
    expect(JSON.parse(lines[1] ?? '').data_import.id).toBe('clean');
  });

  it('ends stderr with the JSON error document and leaves stdout empty on failure', async () => {
    const run = await runCli(['status', 'nope', '--json'], { env });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(lastErrorDocument(run.stderr)).toEqual({
      // The 404 names the URL asked (polish: a base URL without /v1 makes every id "not found").
      error: {
        code: 'not_found',
        message: `import nope not found (GET ${server.url}/imports/nope)`,
        exit_code: 3,
      },
    });
  });
});

describe('exit codes', () => {
  const cases: [string, string[], Record<string, string | undefined>, number, string][] = [
    ['a bad flag', ['status', 'clean', '--bogus'], {}, 2, 'usage'],
    ['no id', ['status'], {}, 2, 'usage'],
    ['an id with a slash', ['status', '../admin'], {}, 2, 'usage'],
    ['an id with a control character', ['status', 'ab\u0007c'], {}, 2, 'usage'],
    ['no API key', ['status', 'clean'], { QOBRA_API_KEY: undefined }, 2, 'usage'],
    ['HTTP 422', ['status', 'invalid'], {}, 2, 'usage'],
    ['HTTP 404', ['status', 'nope'], {}, 3, 'not_found'],
    ['a refused key (401)', ['status', 'clean'], { QOBRA_API_KEY: 'wrong-key' }, 4, 'auth'],
    ['HTTP 403', ['status', 'forbidden'], {}, 4, 'auth'],
    ['persistent 503', ['status', 'down'], {}, 5, 'unavailable'],
    ['an HTML page', ['status', 'html'], {}, 6, 'bad_response'],
    ['a wrong shape', ['status', 'shape'], {}, 6, 'bad_response'],
  ];
  it.each(cases)('%s exits $3', async (_name, args, extraEnv, code, errorCode) => {
    const run = await runCli([...args, '--json'], { env: { ...env, ...extraEnv } });
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(lastErrorDocument(run.stderr).error).toMatchObject({ code: errorCode, exit_code: code });
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stderr + run.stdout).not.toContain(TEST_KEY);
  });

  it('says all three ways to give a key when there is none', async () => {
    const run = await runCli(['status', 'clean'], { env: { ...env, QOBRA_API_KEY: undefined } });
    expect(run.stderr).toMatch(/QOBRA_API_KEY.*--api-key-file.*credentials/);
  });

  it('names the wrong field of a wrong shape, and never echoes server text', async () => {
    const shape = await runCli(['status', 'shape'], { env });
    expect(shape.stderr).toContain('data_import.data_tables_details[0].progress');
    const html = await runCli(['status', 'html'], { env });
    expect(html.stderr).toContain('not valid JSON (text/html');
    expect(html.stderr).not.toContain('Login');
    // The error, then our own next step (polish: every failure says what to do next).
    const [error, hint, ...rest] = html.stderr.trim().split('\n');
    expect(error).toContain('not valid JSON (text/html');
    expect(hint).toMatch(/^qobra-imports: hint: a web page answered instead of the API/);
    expect(rest).toEqual([]);
  });

  it('exits 5 when nothing listens, after announcing its retries', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const run = await runCli(['status', 'clean'], { env: { QOBRA_BASE_URL: closed.url }, timeoutMs: 20_000 });
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('connection refused; retrying in');
    expect(run.stderr).toContain('connection refused after 4 attempts');
  });

  it('reports every id and lets the most serious outcome decide', async () => {
    const run = await runCli(['status', 'clean', 'nope', FIXTURE_ID, 'running'], { env });
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('import clean: finished');
    expect(run.stdout).toContain(`import ${FIXTURE_ID}: finished with errors`);
    expect(run.stdout).toContain('import running: started');
    expect(run.stderr).toContain('import nope not found');
  });
});

describe('configuration', () => {
  it('reads the key from stdin with --api-key-file - and never prints it, even with --verbose', async () => {
    const run = await runCli(['status', 'clean', '--api-key-file', '-', '--verbose'], {
      env: { ...env, QOBRA_API_KEY: undefined },
      input: `${TEST_KEY}\n`,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('GET http://127.0.0.1:');
    expect(run.stderr).toContain('X-API-Key: ***');
    expect(run.stdout + run.stderr).not.toContain(TEST_KEY);
  });

  it('prefers --base-url over QOBRA_BASE_URL', async () => {
    const run = await runCli(['status', 'clean', '--base-url', server.url], {
      env: { QOBRA_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(run.code).toBe(0);
  });

  it('lists the exit codes in --help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('124  watch --timeout ran out');
    expect(run.stdout).toContain('130  interrupted');
  });
});
