/** `status <id...>`: one look-up per import, reported in the order given. */
import type { FetchedImport } from '../api/client.js';
import { PipeClosedError } from '../errors.js';
import { exitCodeForOutcome, unknownStatuses } from '../model/outcome.js';
import { summarizeImport } from '../model/summary.js';
import { fetchEach } from '../output/fetch-each.js';
import { createHumanRenderer } from '../output/human-renderer.js';
import { interruptionPoint, writeLines } from '../output/write-lines.js';
import { renderUnknownStatusWarning } from '../render/error-message.js';
import { jsonLinePieces } from '../render/json.js';
import { renderErrorsHint, renderStatusPlain, renderWatchHint } from '../render/status-plain.js';
import { type CommandDeps, type CommandResult, combineResults, type OutputOptions } from './command.js';

export interface StatusOptions extends OutputOptions {
  ids: string[];
}

export async function runStatus(options: StatusOptions, deps: CommandDeps): Promise<CommandResult> {
  const results: CommandResult[] = [];
  // Our own abort as well as Ctrl-C's: a failed write ends the command, and the look-ups still
  // waiting or in flight must not keep the process alive, nor keep asking the API.
  const stop = new AbortController();
  // Started before the view loads: look-ups run while chalk and the tables are imported.
  const imports = fetchEach(options.ids, deps, results, {
    signal: AbortSignal.any([deps.signal, stop.signal]),
  });
  try {
    await report(imports, options, deps, results);
  } finally {
    stop.abort(new PipeClosedError('stopped'));
  }
  return combineResults(results);
}

async function report(
  imports: AsyncIterable<FetchedImport>,
  options: StatusOptions,
  deps: CommandDeps,
  results: CommandResult[],
): Promise<void> {
  const { stdout, talk } = deps;
  const human = options.json ? undefined : await createHumanRenderer(options, deps);
  for await (const fetched of imports) {
    const dataImport = fetched.document.data_import;
    for (const status of unknownStatuses(dataImport)) {
      talk.say(renderUnknownStatusWarning(dataImport.id, status));
    }
    const summary = summarizeImport(dataImport, deps.now());
    deps.importLog?.seen(fetched.id, dataImport);
    results.push({ exitCode: exitCodeForOutcome(summary.outcome) });
    // Once the reader is gone (`| head`), stop writing but keep the outcome: the exit code still counts.
    if (stdout.closed) continue;
    const written = await (options.json
      ? writeLines(stdout, jsonLinePieces(fetched.raw, stdout.isTTY), (piece) => piece)
      : stdout.write(human ? human.status(summary) : renderStatusPlain(summary))
    ).then(
      () => true,
      (error: unknown) => {
        if (error instanceof PipeClosedError) return false;
        throw error;
      },
    );
    const hint = options.json || !written ? undefined : renderErrorsHint(summary);
    if (hint) talk.tell(hint);
    const next = options.json || !written ? undefined : renderWatchHint(summary);
    if (next) talk.tell(next);
    // Ctrl-C during a render or a blocked write stops here, before the next import is shown.
    await interruptionPoint(deps.signal);
  }
}
