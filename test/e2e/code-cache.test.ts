// The boot path's code cache (src/boot/), as the built CLI uses it: a plain run of the Node that built
// the package reads the cache shipped beside the bundle; a run of any other Node, or under V8 flags
// that reject the shipped cache (NODE_OPTIONS=--max-old-space-size=4096), keeps a cache of its own for
// later runs, written after the run; a cache that is damaged or made for another build is never trusted.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_EXAMPLE_TEXT } from '../helpers/documented-example.js';
import { json, runCli, startServer, type TestServer } from './harness.js';

const ID = '647a13fe875af4b4eb7133c2';
const FLAGS = '--max-old-space-size=4096';
// The same test process runs on every supported Node (see .ci/run), as does the CLI it spawns; the
// bundle is built once, by one of them, whose name the loader keeps.
const LOADER = new URL('../../dist/load-cli.cjs', import.meta.url);
const isBuildNode = readFileSync(LOADER, 'utf8').includes(`"${process.version}-${process.arch}"`);
/** The name of a cache the CLI keeps for itself on this Node. */
const OWN_CACHE = new RegExp(`^qobra-imports/v8-cache-${process.version.replaceAll('.', '\\.')}-`);

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
    const own = join(home, 'xdg');
    await status(home, { NODE_OPTIONS: FLAGS });
    const first = listing(own);
    expect(Object.keys(first).length).toBeGreaterThan(0);
    await status(home, { NODE_OPTIONS: FLAGS });
    // Accepted, so not written again.
    expect(listing(own)).toEqual(first);
    // In the CLI's own cache folder, one file per Node release and V8 flags.
    expect(Object.keys(first)).toEqual([expect.stringMatching(OWN_CACHE)]);
  });

  it('a plain run uses the cache shipped beside the bundle on the Node that built it, else its own', async () => {
    const home = join(scratch, 'plain');
    const own = join(home, 'xdg');
    expect(existsSync(new URL('../../dist/cli.cjs.v8-cache', import.meta.url))).toBe(true);
    await status(home);
    const first = listing(own);
    if (isBuildNode) expect(first).toEqual({});
    else expect(Object.keys(first)).toEqual([expect.stringMatching(OWN_CACHE)]);
    await status(home);
    expect(listing(own)).toEqual(first);
  });

  it('a cache made by a run that did not connect is made again, once, by the first run that does', async () => {
    const home = join(scratch, 'coverage');
    const own = join(home, 'xdg');
    const env = { NODE_OPTIONS: FLAGS, XDG_CACHE_HOME: own };
    expect((await runCli(['--version'], { env })).code).toBe(0);
    const versionOnly = listing(own);
    expect(Object.keys(versionOnly)).toEqual([expect.stringMatching(OWN_CACHE)]);
    const [file] = Object.keys(versionOnly).map((name) => join(own, name));
    const small = statSync(file!).size;
    await status(home, env);
    // It now holds what the status run compiled too (got, the request path): much more code.
    expect(statSync(file!).size).toBeGreaterThan(small + 50_000);
    const covered = listing(own);
    await status(home, env);
    expect((await runCli(['--version'], { env })).code).toBe(0);
    expect(listing(own)).toEqual(covered);
  });

  it('keeps no cache of its own with NODE_DISABLE_COMPILE_CACHE set, as Node keeps none of its own', async () => {
    const home = join(scratch, 'disabled');
    await status(home, { NODE_OPTIONS: FLAGS, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(listing(join(home, 'xdg'))).toEqual({});
    await status(home, { NODE_OPTIONS: FLAGS });
    expect(Object.keys(listing(join(home, 'xdg')))).toEqual([expect.stringMatching(OWN_CACHE)]);
  });

  it('runs without a cache where its folder cannot be made (mkdir under /proc answers ENOENT)', async () => {
    const home = join(scratch, 'unwritable');
    await status(home, { NODE_OPTIONS: FLAGS, XDG_CACHE_HOME: '/proc/qobra-imports-cache-test/deeper' });
  });

  it('replaces a damaged cache or one made from another build, and runs correctly meanwhile', async () => {
    const home = join(scratch, 'damaged');
    await status(home, { NODE_OPTIONS: FLAGS });
    const own = join(home, 'xdg');
    const files = Object.keys(listing(own)).map((file) => join(own, file));
    for (const file of files)
      writeFileSync(file, `${readFileSync(file).subarray(0, 40).toString('latin1')}garbage`);
    await status(home, { NODE_OPTIONS: FLAGS });
    const rewritten = Object.keys(listing(own)).map((file) => join(own, file));
    expect(rewritten.some((file) => statSync(file).size > 1000)).toBe(true);
  });
});
