// The README's shell recipes, run as CI runs them (`bash -e`) against the in-process sandbox, with
// `qobra-imports` on PATH as the built binary. A recipe is tested when the line before its ```sh
// fence is `<!-- test: bash -e, exit N -->`, N being the exit status it must end with.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_IDS as IDS } from '../../src/sandbox/plans.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { BIN } from './harness.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const RECIPE = /<!-- test: bash -e, exit (\d+) -->\n```sh\n([\s\S]*?)```/g;
const recipes = [...README.matchAll(RECIPE)].map((match) => ({
  exit: Number(match[1]),
  script: match[2] ?? '',
  title: (match[2] ?? '').split('\n')[0] ?? '',
}));

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'qobra-readme-'));
  const bin = join(dir, 'qobra-imports');
  writeFileSync(bin, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(bin, 0o755);
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function runRecipe(script: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-e', '-c', script],
      {
        cwd: dir,
        timeout: 30_000,
        env: {
          PATH: `${dir}:${process.env.PATH ?? ''}`,
          HOME: dir,
          TZ: 'UTC',
          QOBRA_BASE_URL: sandbox.url,
          QOBRA_API_KEY: 'any-key-works',
          QOBRA_IMPORTS_NO_HISTORY: '1',
          IMPORT_ID: IDS.documented,
          ID: IDS.documented,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("the README's shell recipes", () => {
  it('marks the CI recipes for testing', () => {
    expect(recipes.length).toBeGreaterThanOrEqual(2);
  });

  it.each(recipes)('runs under bash -e: $title', async ({ script, exit }) => {
    rmSync(join(dir, 'rejected-rows.csv'), { force: true });
    rmSync(join(dir, 'rejected.csv'), { force: true });
    const run = await runRecipe(script);
    expect(run.code, run.stderr).toBe(exit);
    // Each recipe keeps the rejected rows of the documented example (one row) as CSV.
    const csv = ['rejected-rows.csv', 'rejected.csv'].map((name) => join(dir, name)).find(existsSync);
    expect(csv).toBeDefined();
    expect(readFileSync(csv ?? '', 'utf8')).toMatch(/^data_table_key,line_number,details,/);
  });

  it('never puts the API key on a command line', () => {
    expect(README).not.toMatch(/-H "X-API-Key: \$/);
    expect(README).toContain(`-H @<(printf 'X-API-Key: %s\\n' "$QOBRA_API_KEY")`);
  });
});
