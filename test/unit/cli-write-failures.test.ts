// main() when stdout cannot be written: 74 with the cause in words, whatever the command, the
// look-ups still pending are called off, and a failing stderr never turns into a crash.
import { describe, expect, it } from 'vitest';
import type { FetchedImport } from '../../src/api/client.js';
import type { CliDeps } from '../../src/cli/cli-deps.js';
import { lazyCommandRunners } from '../../src/cli/runners.js';
import { main } from '../../src/cli.js';
import type { Output } from '../../src/deps.js';
import { OutputWriteError } from '../../src/errors.js';
import { aFetchedImport, anImportDocument } from '../helpers/builders.js';
import { type Answer, fakeApi } from '../helpers/fake-api.js';
import { captureOutput, fakeDeps } from '../helpers/fake-deps.js';

const DISK_FULL = 'no space left on device';

/** An output whose every write fails as a full disk does. */
function fullDisk(): Output & { attempts: number } {
  const output = {
    attempts: 0,
    isTTY: false,
    columns: 0,
    closed: false,
    write() {
      output.attempts++;
      return Promise.reject(new OutputWriteError(DISK_FULL));
    },
  };
  return output;
}

function cli(answers: Record<string, Answer>, streams: { stdout?: Output; stderr?: Output } = {}) {
  const base = fakeDeps();
  const stderr = captureOutput();
  const deps: CliDeps = Object.assign(base, {
    stdout: streams.stdout ?? fullDisk(),
    stderr: streams.stderr ?? stderr,
    connect: async () => ({ api: fakeApi(answers), apiKey: 'unused-key-123' }),
    commands: lazyCommandRunners,
  });
  return { deps, stderr };
}

const ID = '647a13fe875af4b4eb7133c2';
const fetched = aFetchedImport(anImportDocument());

describe('main(): stdout cannot be written', () => {
  it.each([
    ['status --json', ['status', ID, '--json']],
    ['status', ['status', ID]],
    ['errors --csv', ['errors', ID, '--csv']],
    ['errors --json', ['errors', ID, '--json']],
    ['watch --json', ['watch', ID, '--json']],
    ['watch', ['watch', ID]],
  ])('%s: exit 74, the cause on stderr', async (_name, argv) => {
    const { deps, stderr } = cli({ [ID]: fetched });
    expect(await main(argv, deps)).toBe(74);
    expect(stderr.text).toContain(`qobra-imports: error: cannot write the output: ${DISK_FULL}\n`);
    if (argv.includes('--json')) {
      expect(JSON.parse(stderr.text.trimEnd().split('\n').at(-1) ?? '')).toEqual({
        error: { code: 'io', message: `cannot write the output: ${DISK_FULL}`, exit_code: 74 },
      });
    }
  });

  it('--help and --version too', async () => {
    for (const argv of [['--help'], ['--version']]) {
      const { deps, stderr } = cli({});
      expect(await main(argv, deps)).toBe(74);
      expect(stderr.text).toBe(`qobra-imports: error: cannot write the output: ${DISK_FULL}\n`);
    }
  });

  it('status calls off the look-ups still waiting or in flight', async () => {
    const aborted: string[] = [];
    const hang =
      (id: string) =>
      (signal?: AbortSignal): Promise<FetchedImport> =>
        new Promise((_resolve, reject) =>
          signal?.addEventListener('abort', () => {
            aborted.push(id);
            reject(signal.reason);
          }),
        );
    const { deps } = cli({ [ID]: fetched, b: hang('b'), c: hang('c') });
    expect(await main(['status', ID, 'b', 'c', '--json'], deps)).toBe(74);
    expect(aborted.sort()).toEqual(['b', 'c']);
  });

  it('with stderr failing as well, still 74 and nothing thrown', async () => {
    const stdout = fullDisk();
    const stderr = fullDisk();
    const { deps } = cli({ [ID]: fetched }, { stdout, stderr });
    expect(await main(['status', ID, '--json'], deps)).toBe(74);
    expect(stdout.attempts).toBe(1);
    expect(stderr.attempts).toBeGreaterThan(0);
  });

  it('a failing stderr alone is only talk lost: the results and their exit code', async () => {
    const stdout = captureOutput();
    const { deps } = cli({ [ID]: fetched }, { stdout, stderr: fullDisk() });
    expect(await main(['status', ID], deps)).toBe(1);
    expect(stdout.text).toContain(`import ${ID}: finished with errors`);
  });
});
