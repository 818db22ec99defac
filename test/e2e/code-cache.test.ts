// The boot path's code cache (src/boot/), as the built CLI uses it: a run under V8 flags that reject
// the shipped cache (NODE_OPTIONS=--max-old-space-size=4096) keeps a cache of its own for later runs,
// on Node 20 by itself and on Node >= 22.1 through Node's compile cache; a cache that is damaged or
// made for another build is never trusted.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { json, runCli, startServer, type TestServer } from './harness.js';

const ID = '647a13fe875af4b4eb7133c2';
const FLAGS = '--max-old-space-size=4096';
// The same test process runs on every supported Node (see .ci/run), as does the CLI it spawns.
const hasCompileCache =
  typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

let server: TestServer;
let scratch: string;

beforeAll(async () => {
  const fixture = DOCUMENTED_EXAMPLE_TEXT;
  server = await startServer((_request, response) => json(response, 200, fixture));
  scratch = mkdtempSync(join(tmpdir(), 'qobra-imports-cache-'));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Files under `directory`, recursively, with their modification times. */
function listing(directory: string): Record<string, number> {
  if (!existsSync(directory)) return {};
  const files: Record<string, number> = {};
  for (const entry of readdirSync(directory, { recursive: true, encoding: 'utf8' })) {
    const path = join(directory, entry);
    if (statSync(path).isFile()) files[entry] = statSync(path).mtimeMs;
  }
  return files;
}

async function status(cacheHome: string, env: Record<string, string> = {}) {
  const run = await runCli(['status', ID, '--json'], {
    env: {
      QOBRA_BASE_URL: server.url,
      XDG_CACHE_HOME: join(cacheHome, 'xdg'),
      NODE_COMPILE_CACHE: join(cacheHome, 'node'),
      ...env,
    },
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  expect(JSON.parse(run.stdout).data_import.id).toBe(ID);
}

describe('code cache', () => {
  it('under V8 flags, writes a cache of its own on the first run and reuses it after', async () => {
    const home = join(scratch, 'flags');
    const own = join(home, hasCompileCache ? 'node' : 'xdg');
    await status(home, { NODE_OPTIONS: FLAGS });
    const first = listing(own);
    expect(Object.keys(first).length).toBeGreaterThan(0);
    await status(home, { NODE_OPTIONS: FLAGS });
    // Accepted, so not written again.
    expect(listing(own)).toEqual(first);
    // Node 20 keeps it in the CLI's own cache folder, one file per Node release and V8 flags.
    if (!hasCompileCache)
      expect(Object.keys(first)).toEqual([expect.stringMatching(/^qobra-imports\/v8-cache-v20\./)]);
  });

  it('on Node 20, a plain run uses the cache shipped beside the bundle and writes nothing', async () => {
    const home = join(scratch, 'plain');
    await status(home);
    expect(listing(join(home, 'xdg'))).toEqual({});
    // Node >= 22.1 has its compile cache instead; Node 20 builds ship one beside the bundle.
    const shipped = new URL('../../dist/cli.cjs.v8-cache', import.meta.url);
    if (hasCompileCache) expect(Object.keys(listing(join(home, 'node'))).length).toBeGreaterThan(0);
    else expect(existsSync(shipped)).toBe(true);
  });

  it('runs without a cache where its folder cannot be made (mkdir under /proc answers ENOENT)', async () => {
    const home = join(scratch, 'unwritable');
    await status(home, { NODE_OPTIONS: FLAGS, XDG_CACHE_HOME: '/proc/qobra-imports-cache-test/deeper' });
  });

  it('replaces a damaged cache or one made from another build, and runs correctly meanwhile', async () => {
    const home = join(scratch, 'damaged');
    await status(home, { NODE_OPTIONS: FLAGS });
    const own = join(home, hasCompileCache ? 'node' : 'xdg');
    const files = Object.keys(listing(own)).map((file) => join(own, file));
    for (const file of files)
      writeFileSync(file, `${readFileSync(file).subarray(0, 40).toString('latin1')}garbage`);
    await status(home, { NODE_OPTIONS: FLAGS });
    const rewritten = Object.keys(listing(own)).map((file) => join(own, file));
    expect(rewritten.some((file) => statSync(file).size > 1000)).toBe(true);
  });
});
