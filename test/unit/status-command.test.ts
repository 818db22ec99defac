// `runStatus` with fake deps and a fake API: exit codes per import, their precedence, and --json output.
import { describe, expect, it } from 'vitest';
import { runStatus } from '../../src/commands/status.js';
import { QiError } from '../../src/errors.js';
import { aDataTable, aFailingTable, anImportDocument } from '../helpers/builders.js';
import { fakeApi } from '../helpers/fake-api.js';
import { captureOutput, type FakeDeps, fakeCommandDeps, fakeDeps } from '../helpers/fake-deps.js';

/** A response body (pretty-printed, as servers often send) for an import with this status and errors. */
function body(id: string, status: string, withError: boolean, extra: Record<string, unknown> = {}): string {
  const opportunities = withError ? aFailingTable() : aFailingTable([], { error: null });
  const document = anImportDocument({
    id,
    status,
    data_tables_details: [aDataTable(), opportunities],
    ...extra,
  });
  return JSON.stringify(document, null, 2);
}

/** A raw body or a failure. */
type Answer = string | QiError;

/** `delays` lets later ids resolve first, to check that output keeps the order of the ids. */
async function run(
  ids: string[],
  answers: Record<string, Answer>,
  options: { json?: boolean; deps?: FakeDeps; delays?: Record<string, number> } = {},
) {
  const deps = options.deps ?? fakeDeps();
  const api = fakeApi(answers, { delays: options.delays ?? {} });
  const result = await runStatus({ ids, json: options.json ?? false }, fakeCommandDeps(api, deps));
  return { result, stdout: deps.stdout.text, stderr: deps.stderr.text, api };
}

const notFound = (id: string) =>
  new QiError('not_found', `import ${id} not found`, { importId: id, status: 404 });
const unavailable = (id: string) =>
  new QiError('unavailable', `fetching import ${id}: HTTP 503 after 4 attempts`, { transient: true });

describe('runStatus: exit codes', () => {
  it.each([
    ['finished without errors', body('a', 'finished', false), 0],
    ['finished with errors', body('a', 'finished', true), 1],
    ['scheduled', body('a', 'scheduled', false), 8],
    ['started', body('a', 'started', true), 8],
    ['an undocumented status', body('a', 'paused', false), 8],
  ])('%s → exit $2', async (_what, answer, exitCode) => {
    const { result } = await run(['a'], { a: answer });
    expect(result).toEqual({ exitCode });
  });

  it('warns on stderr about an undocumented status', async () => {
    const { stderr, stdout } = await run(['a'], { a: body('a', 'paused', false) });
    expect(stderr).toContain('warning: import a reports status "paused"');
    expect(stdout).toContain('paused (unknown status)');
  });

  it('404 and "finished with errors" together → 3, both reported', async () => {
    const { result, stdout, stderr } = await run(['a', 'b'], {
      a: body('a', 'finished', true),
      b: notFound('b'),
    });
    expect(result.exitCode).toBe(3);
    expect(result.error?.code).toBe('not_found');
    expect(stdout).toContain('import a: finished with errors');
    expect(stderr).toContain('qobra-imports: error: import b not found');
  });

  it.each<[string, Answer[], number]>([
    ['ok + running', [body('x', 'finished', false), body('x', 'started', false)], 8],
    ['running + failed', [body('x', 'started', false), body('x', 'finished', true)], 1],
    ['failed + 503', [body('x', 'finished', true), unavailable('x')], 5],
    ['503 + 404', [unavailable('x'), notFound('x')], 3],
    ['404 + 401', [notFound('x'), new QiError('auth', 'refused')], 4],
    ['ok + bad response', [body('x', 'finished', false), new QiError('bad_response', 'not JSON')], 6],
    ['ok + ok', [body('x', 'finished', false), body('x', 'finished', false)], 0],
  ])('%s → exit $2', async (_what, answers, exitCode) => {
    const ids = answers.map((_, i) => `id${i}`);
    const { result } = await run(ids, Object.fromEntries(ids.map((id, i) => [id, answers[i]!])));
    expect(result.exitCode).toBe(exitCode);
  });

  it('asks for every id, even after a failure', async () => {
    const { api } = await run(['a', 'b', 'c'], {
      a: notFound('a'),
      b: body('b', 'finished', false),
      c: notFound('c'),
    });
    expect([...api.calls].sort()).toEqual(['a', 'b', 'c']);
  });

  it('an interruption is not swallowed', async () => {
    const interrupted = new QiError('interrupted', 'interrupted');
    await expect(run(['a'], { a: interrupted })).rejects.toBe(interrupted);
  });
});

describe('runStatus: output', () => {
  it('--json writes each raw body compacted, one line each, in the order of the ids', async () => {
    const big = '12345678901234567890';
    const answers = {
      a: body('a', 'finished', true, { big: 1 }).replace('"big": 1', `"big": ${big}`),
      b: body('b', 'started', false),
      c: body('c', 'finished', false),
    };
    const { stdout, result } = await run(['a', 'b', 'c'], answers, {
      json: true,
      delays: { a: 30, b: 15, c: 0 },
    });
    const outLines = stdout.split('\n');
    expect(outLines.pop()).toBe('');
    const compact = (id: 'a' | 'b' | 'c') =>
      JSON.stringify(JSON.parse(answers[id].replace(big, '1'))).replace('"big":1', `"big":${big}`);
    expect(outLines).toEqual([compact('a'), compact('b'), compact('c')]);
    expect(outLines[0]).toContain(`"big":${big}`);
    // "finished with errors" (1) outranks "still running" (8).
    expect(result.exitCode).toBe(1);
  });

  it('--json keeps unknown fields and key order exactly as sent', async () => {
    const raw =
      '{"z_first":1,"data_import":{"status":"finished","id":"a","progress":1.000000000000000000001,"data_tables_details":[],"has_error":false}}';
    const { stdout } = await run(['a'], { a: raw }, { json: true });
    expect(stdout).toBe(`${raw}\n`);
  });

  it('--json puts nothing but the documents on stdout; failures go to stderr', async () => {
    const { stdout, stderr } = await run(
      ['a', 'b'],
      { a: notFound('a'), b: body('b', 'finished', true) },
      { json: true },
    );
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout).data_import.id).toBe('b');
    expect(stderr).toContain('import a not found');
  });

  it('--json escapes terminal controls when stdout is a terminal, and still parses the same', async () => {
    const raw = JSON.stringify({
      data_import: { id: 'a', status: 'finished', data_tables_details: [], note: 'x\u202ey\u0085\u001b' },
    });
    const deps = fakeDeps({ stdout: captureOutput({ isTTY: true, columns: 100 }) });
    const { stdout } = await run(['a'], { a: raw }, { json: true, deps });
    expect(stdout).not.toMatch(/[\u202e\u0085\u001b]/);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(raw));
  });

  it('piped human output: plain lines per import in id order, and the errors hint on stderr', async () => {
    const answers = { a: body('a', 'finished', true), b: body('b', 'finished', false) };
    const { stdout, stderr } = await run(['a', 'b'], answers, { delays: { a: 20 } });
    expect(stdout.indexOf('import a:')).toBeLessThan(stdout.indexOf('import b:'));
    expect(stdout).toContain('import a: finished with errors, 100%');
    expect(stdout).toContain('import b: finished, 100%');
    expect(stdout).not.toMatch(/[\u2500-\u257f\u001b]/);
    expect(stderr).toContain('qobra-imports errors a');
    expect(stderr).not.toContain('qobra-imports errors b');
  });

  it('on a terminal: the table view, without colour when NO_COLOR is set', async () => {
    const deps = fakeDeps({ stdout: captureOutput({ isTTY: true, columns: 120 }), env: { NO_COLOR: '1' } });
    const { stdout } = await run(['a'], { a: body('a', 'finished', true) }, { deps });
    expect(stdout).toMatch(/[\u2500-\u257f]/);
    expect(stdout).toContain('opportunities');
    expect(stdout).not.toContain('\u001b');
  });
});

describe('runStatus with a closed stdout (| head)', () => {
  it('stops writing, stays quiet, and still exits with the outcome of every import', async () => {
    const deps = fakeDeps();
    deps.stdout.close();
    const { result, stdout, stderr } = await run(
      ['a', 'b'],
      { a: body('a', 'finished', false), b: body('b', 'finished', true) },
      { deps },
    );
    expect(result.exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('');
  });
});

describe('runStatus: the next step for an import still running', () => {
  it('suggests `watch <id>` on stderr for a running import (exit 8)', async () => {
    const { result, stderr } = await run(['a'], { a: body('a', 'started', false) });
    expect(result).toEqual({ exitCode: 8 });
    expect(stderr).toContain('import a is still running: run `qobra-imports watch a`');
  });

  it('says nothing of `watch` for a finished import, nor with --json', async () => {
    expect((await run(['a'], { a: body('a', 'finished', false) })).stderr).not.toContain('watch');
    const json = await run(['a'], { a: body('a', 'started', false) }, { json: true });
    expect(json.result).toEqual({ exitCode: 8 });
    expect(json.stderr).not.toContain('watch');
  });
});
