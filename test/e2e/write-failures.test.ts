// Write failures are not silent: with stdout on a full disk (/dev/full answers every write with
// ENOSPC), every command stops with the cause in words on stderr and exit 74 (EX_IOERR), so a CI
// job never keeps an empty export. A failing stderr is only talk: the command goes on. A closed
// pipe stays a quiet stop (see errors.test.ts and watch.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_ID } from '../helpers/builders.js';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { lastErrorDocument, runCli, startServer, type TestServer } from './harness.js';

const MESSAGE = 'qobra-imports: error: cannot write the output: no space left on device\n';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(DOCUMENTED_EXAMPLE_TEXT);
  });
});
afterAll(() => server.close());

const run = (args: string[], files: { stdoutTo?: string; stderrTo?: string }) =>
  runCli(args, { env: { QOBRA_BASE_URL: server.url }, ...files });

describe.concurrent('stdout on a full disk: exit 74, the cause on stderr', () => {
  it.each([
    ['status --json', ['status', DOCUMENTED_ID, '--json']],
    ['errors --json', ['errors', DOCUMENTED_ID, '--json']],
    ['watch --json', ['watch', DOCUMENTED_ID, '--json']],
  ])('%s: the message, then the JSON error document', async (_name, args) => {
    const result = await run(args, { stdoutTo: '/dev/full' });
    expect(result.code).toBe(74);
    expect(result.stderr.startsWith(MESSAGE)).toBe(true);
    expect(lastErrorDocument(result.stderr)).toEqual({
      error: { code: 'io', message: 'cannot write the output: no space left on device', exit_code: 74 },
    });
  });

  it.each([
    ['status (human, piped)', ['status', DOCUMENTED_ID]],
    ['errors --csv', ['errors', DOCUMENTED_ID, '--csv']],
    ['errors (human, piped)', ['errors', DOCUMENTED_ID]],
    ['watch (human, piped)', ['watch', DOCUMENTED_ID]],
    ['--help', ['--help']],
  ])('%s: one line saying why', async (_name, args) => {
    const result = await run(args, { stdoutTo: '/dev/full' });
    expect(result.code).toBe(74);
    expect(result.stderr.endsWith(MESSAGE)).toBe(true);
    expect(result.stderr.match(/error:/g)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('with stderr on a full disk too, still exit 74, and no crash', async () => {
    const result = await run(['status', DOCUMENTED_ID, '--json'], {
      stdoutTo: '/dev/full',
      stderrTo: '/dev/full',
    });
    expect([result.code, result.signal]).toEqual([74, null]);
  });
});

describe.concurrent('stderr on a full disk: talk is best effort', () => {
  it.each([
    ['status --json', ['status', DOCUMENTED_ID, '--json'], `"id":"${DOCUMENTED_ID}"`],
    [
      'errors (human, piped)',
      ['errors', DOCUMENTED_ID],
      "opportunities line 1: ValueError: could not convert string to float: 'AAAAA'",
    ],
    ['watch --json', ['watch', DOCUMENTED_ID, '--json'], `"id":"${DOCUMENTED_ID}"`],
  ])('%s: the results on stdout, and the exit code the import earned', async (_name, args, expected) => {
    const result = await run(args, { stderrTo: '/dev/full' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(expected);
  });

  it('a failure to report still exits with its own code (404 → 3)', async () => {
    const missing = await startServer((_request, response) => {
      response.writeHead(404).end();
    });
    try {
      const result = await runCli(['status', DOCUMENTED_ID], {
        env: { QOBRA_BASE_URL: missing.url },
        stderrTo: '/dev/full',
      });
      expect([result.code, result.signal, result.stdout]).toEqual([3, null, '']);
    } finally {
      await missing.close();
    }
  });
});
