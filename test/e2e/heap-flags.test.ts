// NODE_OPTIONS=--max-old-space-size=N alone no longer makes V8 reject every code cache made without it
// (src/boot/heap-flags.ts): once the CLI's loader has run, a cache made in a plain process is accepted
// again, while the heap keeps the limit that was asked for. Any other flag leaves everything as it is.
// From Node 24 on V8 ignores heap sizes in its check, so there is nothing to see there but the heap.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LOADER = fileURLToPath(new URL('../../dist/load-cli.cjs', import.meta.url));
const countsHeapFlags = Number(process.versions.node.split('.')[0]) < 24;

let scratch: string;
let probe: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'qobra-imports-heap-flags-'));
  probe = join(scratch, 'probe.cjs');
  // Compiles a script with the cache given (or makes one), after the loader when asked; reports
  // whether V8 took the cache and the heap's limit.
  writeFileSync(
    probe,
    `'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
const [cacheFile, mode] = process.argv.slice(2);
if (mode === 'load') require(${JSON.stringify(LOADER)}).loadCli();
const source = 'function probe() { return [1, 2, 3].map((n) => n * 2); } probe();';
if (mode === 'make') {
  writeFileSync(cacheFile, new Script(source).createCachedData());
} else {
  const script = new Script(source, { cachedData: readFileSync(cacheFile) });
  const limitMiB = require('node:v8').getHeapStatistics().heap_size_limit / 2 ** 20;
  process.stdout.write(JSON.stringify({ rejected: script.cachedDataRejected, limitMiB }));
}
`,
  );
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(mode: 'make' | 'load' | 'plain', nodeOptions?: string) {
  const cache = join(scratch, 'plain.cache');
  const env = {
    PATH: process.env.PATH,
    HOME: scratch,
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
  };
  const child = spawnSync(process.execPath, [probe, cache, mode], { env, encoding: 'utf8' });
  expect(child.stderr).toBe('');
  return mode === 'make' ? undefined : (JSON.parse(child.stdout) as { rejected: boolean; limitMiB: number });
}

describe('heap-size flags', () => {
  it('keep code caches made without them usable, and the heap the size asked for', () => {
    run('make');
    const unflagged = run('plain');
    // Without the loader: rejected wherever V8 counts heap sizes (so this test can tell).
    const before = run('plain', '--max-old-space-size=96');
    expect(before!.rejected).toBe(countsHeapFlags);
    expect(before!.limitMiB).toBeLessThan(unflagged!.limitMiB);
    const after = run('load', '--max-old-space-size=96');
    expect(after!.rejected).toBe(false);
    expect(after!.limitMiB).toBe(before!.limitMiB);
  });

  it('with any other option beside them, leave everything as it is', () => {
    run('make');
    // --no-warnings is Node's, not V8's: only the heap size counts, and it is left in place.
    const mixed = run('load', '--max-old-space-size=96 --no-warnings');
    expect(mixed!.rejected).toBe(countsHeapFlags);
    expect(mixed!.limitMiB).toBe(run('plain', '--max-old-space-size=96')!.limitMiB);
  });
});
