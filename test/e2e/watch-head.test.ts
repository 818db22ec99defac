// `watch … | head -1` must not hang: once head has gone, a watch of an import that no longer changes
// stops at its next poll (it has nothing to write, so no failed write would ever tell it).
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aDataTable, anImportDocument } from '../helpers/builders.js';
import { BIN, json, startServer, TEST_KEY, type TestServer } from './harness.js';

const ID = '647a13fe875af4b4eb7133c2';
let server: TestServer;

beforeAll(async () => {
  // An import stuck at 40%: every answer is the same, so the watch never has a change to write.
  const stuck = anImportDocument({
    id: ID,
    status: 'started',
    progress: 40,
    finished_at: null,
    data_tables_details: [aDataTable({ status: 'started', progress: 40 })],
  });
  server = await startServer((_request, response) => json(response, 200, stuck));
});
afterAll(() => server.close());

/** Runs `qobra-imports watch … | head -1` in bash; resolves with stdout, stderr and how long it took. */
function pipeline(args: string[]): Promise<{ stdout: string; stderr: string; ms: number }> {
  const script = `"$NODE" "$BIN" watch ${args.join(' ')} | head -1; echo "cli exit \${PIPESTATUS[0]}" >&2`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      ['-c', script],
      {
        timeout: 30_000,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: '/nonexistent-home',
          TZ: 'UTC',
          NODE: process.execPath,
          BIN,
          QOBRA_API_KEY: TEST_KEY,
          QOBRA_BASE_URL: server.url,
          QOBRA_IMPORTS_NO_HISTORY: '1',
        },
      },
      (error, stdout, stderr) => {
        if (error?.killed) reject(new Error(`the pipeline hung: ${stderr}`));
        else resolve({ stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

describe.runIf(process.platform === 'linux')('watch | head -1', () => {
  it.each([[[]], [['--json']]])(
    'stops at its next poll once head has gone (%j)',
    async (extra) => {
      server.requests.length = 0;
      const run = await pipeline([ID, '--interval', '0.5', '--timeout', '60s', ...extra]);
      expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(1);
      // Without the check it would poll until --timeout (60 s), about 25 requests.
      expect(run.ms).toBeLessThan(15_000);
      expect(server.requests.length).toBeLessThanOrEqual(3);
      // The state so far: still running (8), no stack trace, no complaint about the pipe.
      expect(run.stderr).toMatch(/cli exit 8\n$/);
      expect(run.stderr).not.toMatch(/EPIPE|Error:|at .*\.js/);
    },
    35_000,
  );
});
