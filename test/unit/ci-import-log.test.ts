// What the commands record for the CI reports: every import's last answer or the failure that kept
// it from one, and why a watch stopped waiting for it.
import { describe, expect, it } from 'vitest';
import { runStatus } from '../../src/commands/status.js';
import { runWatch, type WatchOptions } from '../../src/commands/watch.js';
import { createImportLog, type ImportLog } from '../../src/model/import-report.js';
import { fakeApi } from '../helpers/fake-api.js';
import {
  fetched,
  finished,
  ID,
  notFound,
  OTHER_ID,
  scriptedApi,
  unavailable,
  type WatchDeps,
  watchDeps,
} from '../helpers/watch-fixtures.js';

const options: WatchOptions = {
  ids: [ID],
  intervalMs: 2000,
  json: false,
  failFast: false,
  quiet: false,
  bell: false,
};

function logged(deps: WatchDeps): { deps: WatchDeps; log: ImportLog } {
  const log = createImportLog();
  return { deps: Object.assign(deps, { importLog: log }), log };
}

describe('the import log', () => {
  it('watch: a failed look-up and a finished import, in the order given', async () => {
    const { deps, log } = logged(
      watchDeps(scriptedApi({ [ID]: [notFound()], [OTHER_ID]: [finished({ id: OTHER_ID })] })),
    );
    await runWatch({ ...options, ids: [ID, OTHER_ID] }, deps);
    const [first, second] = log.reports();
    expect(first).toMatchObject({ id: ID, error: { code: 'not_found' } });
    expect(first?.dataImport).toBeUndefined();
    expect(second).toMatchObject({ id: OTHER_ID, dataImport: { status: 'finished' } });
    expect(second?.error).toBeUndefined();
  });

  it('watch: a timeout marks the last answer, or stands for it when there was none', async () => {
    const { deps, log } = logged(
      watchDeps(scriptedApi({ [ID]: [fetched({ progress: 42 })], [OTHER_ID]: [unavailable()] })),
    );
    const result = await runWatch({ ...options, ids: [ID, OTHER_ID], timeoutMs: 20_000 }, deps);
    expect(result.exitCode).toBe(124);
    const [first, second] = log.reports();
    expect(first).toMatchObject({ id: ID, stoppedWaiting: 'timeout', dataImport: { progress: 42 } });
    expect(second).toMatchObject({ id: OTHER_ID, error: { code: 'timeout' } });
  });

  it('watch: Ctrl-C marks the imports still being watched as interrupted', async () => {
    let abort = () => {};
    const api = scriptedApi({
      [ID]: [
        async () => {
          abort();
          return fetched({ progress: 20 });
        },
      ],
    });
    const { deps, log } = logged(watchDeps(api));
    abort = () => deps.abort(130);
    await expect(runWatch(options, deps)).rejects.toMatchObject({ code: 'interrupted' });
    expect(log.reports()).toMatchObject([
      { id: ID, stoppedWaiting: 'interrupted', dataImport: { progress: 20 } },
    ]);
  });

  it('status: a failed look-up is logged with its error, the others with their answer', async () => {
    const { deps, log } = logged(
      watchDeps(fakeApi({ [ID]: notFound(), [OTHER_ID]: finished({ id: OTHER_ID }) })),
    );
    const result = await runStatus({ ids: [ID, OTHER_ID], json: true }, deps);
    expect(result.exitCode).toBe(3);
    expect(log.reports()).toMatchObject([
      { id: ID, error: { code: 'not_found' } },
      { id: OTHER_ID, dataImport: { status: 'finished' } },
    ]);
  });
});
