/** `status <id...>`: one look-up per import, reported in the order given. */
import type { FetchedImport } from '../api/client.js';
import { PipeClosedError } from '../errors.js';
import { exitCodeForOutcome, unknownStatuses } from '../model/outcome.js';
import { summarizeImport } from '../model/summary.js';
import { createHumanRenderer } from '../output/human-renderer.js';
import { renderErrorLines, renderUnknownStatusWarning } from '../render/error-message.js';
import { compactJson, jsonLine } from '../render/json.js';
import { sanitize } from '../render/sanitize.js';
import { renderErrorsHint, renderStatusPlain } from '../render/status-plain.js';
import { mapBounded } from '../util/map-bounded.js';
import {
  asQiError,
  type CommandDeps,
  type CommandResult,
  combineResults,
  type OutputOptions,
} from './command.js';

export interface StatusOptions extends OutputOptions {
  ids: string[];
}

/** Look-ups in flight at once: enough to hide latency, few enough not to trip rate limits. */
const CONCURRENCY = 4;

export async function runStatus(options: StatusOptions, deps: CommandDeps): Promise<CommandResult> {
  const { stdout, talk } = deps;
  const pending = mapBounded(options.ids, CONCURRENCY, (id) => deps.api.fetchImport(id, deps.signal));
  const human = options.json ? undefined : await createHumanRenderer(options, deps);
  const results: CommandResult[] = [];

  for (const [index, promise] of pending.entries()) {
    let fetched: FetchedImport;
    talk.startSpinner(`Fetching import ${sanitize(options.ids[index] ?? '')}…`);
    try {
      fetched = await promise;
    } catch (error) {
      const failure = asQiError(error);
      if (!failure || failure.code === 'interrupted') throw error;
      talk.stopSpinner();
      // Other imports are still reported; the most serious outcome sets the exit code.
      await deps.stderr.write(renderErrorLines(failure)).catch(() => {});
      results.push({ exitCode: failure.exitCode, error: failure });
      continue;
    } finally {
      talk.stopSpinner();
    }

    const dataImport = fetched.document.data_import;
    for (const status of unknownStatuses(dataImport)) {
      talk.say(renderUnknownStatusWarning(dataImport.id, status));
    }
    const summary = summarizeImport(dataImport, deps.now());
    results.push({ exitCode: exitCodeForOutcome(summary.outcome) });
    // Once the reader is gone (`| head`), stop writing but keep the outcome: the exit code still counts.
    if (stdout.closed) continue;
    const text = options.json
      ? jsonLine(compactJson(fetched.raw), stdout.isTTY)
      : human
        ? human.status(summary)
        : renderStatusPlain(summary);
    const written = await stdout.write(text).then(
      () => true,
      (error: unknown) => {
        if (error instanceof PipeClosedError) return false;
        throw error;
      },
    );
    const hint = options.json || !written ? undefined : renderErrorsHint(summary);
    if (hint) talk.say(`qobra-imports: ${hint}`);
  }
  return combineResults(results);
}
