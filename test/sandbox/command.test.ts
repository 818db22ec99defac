import { describe, expect, it } from 'vitest';
import { renderSandboxIntro, runSandbox } from '../../src/commands/sandbox.js';
import { QiError } from '../../src/errors.js';
import { SCENARIO_IDS, SCENARIOS } from '../../src/sandbox/scenarios.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/server.js';
import { fakeDeps } from '../helpers/fake-deps.js';

/** Polls until the captured stdout shows the sandbox's URL (the command prints it once listening). */
async function urlPrinted(stdout: { text: string }): Promise<string> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const match = /listening on (http:\/\/\S+)/.exec(stdout.text);
    if (match?.[1]) return match[1];
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no URL printed; stdout was: ${stdout.text}`);
}

describe('renderSandboxIntro', () => {
  it('shows the URL, the export line and an aligned scenario list', () => {
    const text = renderSandboxIntro({ url: 'http://127.0.0.1:4010/v1', scenarios: [...SCENARIOS] });
    expect(text).toContain('Qobra sandbox listening on http://127.0.0.1:4010/v1\n');
    expect(text).toContain('  export QOBRA_BASE_URL=http://127.0.0.1:4010/v1 QOBRA_API_KEY=anything\n');
    const rows = text.split('\n').filter((line) => /^ {2}[0-9a-f]{24} /.test(line));
    expect(rows).toHaveLength(SCENARIOS.length);
    const descriptionColumn = new Set(rows.map((row, i) => row.indexOf(SCENARIOS[i]?.description ?? '?')));
    expect(descriptionColumn.size).toBe(1);
    expect(text).not.toMatch(/\u001b/);
  });
});

describe('runSandbox', () => {
  it('prints its URL, serves until aborted, then returns the abort code', async () => {
    const deps = fakeDeps();
    const done = runSandbox({ port: 0, host: '127.0.0.1' }, deps);
    const url = await urlPrinted(deps.stdout);
    expect(deps.stdout.text).toContain(`export QOBRA_BASE_URL=${url} QOBRA_API_KEY=anything`);
    for (const scenario of SCENARIOS) expect(deps.stdout.text).toContain(`${scenario.id}  ${scenario.name}`);

    const res = await fetch(`${url}/imports/${SCENARIO_IDS.documented}`, { headers: { 'X-API-Key': 'k' } });
    expect(res.status).toBe(200);
    await res.text();
    expect(deps.stderr.text).toContain(`GET /v1/imports/${SCENARIO_IDS.documented} 200`);

    deps.abort(130);
    expect(await done).toBe(130);
    await expect(fetch(`${url}/imports/${SCENARIO_IDS.documented}`)).rejects.toThrow();
  });

  it('returns the exit code a QiError abort carries, and 130 for anything else', async () => {
    const terminated = new AbortController();
    terminated.abort(new QiError('interrupted', 'terminated', { exitCode: 143 }));
    expect(await runSandbox({ port: 0, host: '127.0.0.1' }, fakeDeps({ signal: terminated.signal }))).toBe(
      143,
    );

    const odd = new AbortController();
    odd.abort('why not');
    expect(await runSandbox({ port: 0, host: '127.0.0.1' }, fakeDeps({ signal: odd.signal }))).toBe(130);
  });

  it('lets a port in use fail as a usage error', async () => {
    const taken: Sandbox = await startSandbox({ port: 0 });
    try {
      const deps = fakeDeps();
      await expect(runSandbox({ port: taken.port, host: '127.0.0.1' }, deps)).rejects.toMatchObject({
        code: 'usage',
        message: `cannot listen on 127.0.0.1:${taken.port}: port already in use`,
      });
      expect(deps.stdout.text).toBe('');
    } finally {
      await taken.close();
    }
  });
});
