/**
 * The entry point: parses argv into one command and its typed options (cli/program.ts, one
 * definition per command in cli/commands/), runs it, and is the one place that turns errors into
 * messages and exit codes. Command implementations are imported lazily (cli/runners.ts), so each
 * path loads only what it uses.
 */
import { CommanderError } from 'commander';
import type { CliDeps } from './cli/cli-deps.js';
import type { GlobalFlags, RunContext } from './cli/commands/definition.js';
import type { ConnectionOptions } from './cli/connect.js';
import { processDeps } from './cli/process-deps.js';
import { buildProgram, type ChosenCommand } from './cli/program.js';
import { redactingOutput } from './cli/redact.js';
import { extendDeps } from './deps.js';
import { EXIT, PipeClosedError, QiError } from './errors.js';
import { createTalk } from './output/talk.js';
import { renderErrorJson, renderErrorLines, unexpectedError } from './render/error-message.js';
import { letSignalsIn } from './util/signal-turn.js';

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never exits itself. */
export async function main(argv: readonly string[], baseDeps: CliDeps): Promise<number> {
  let apiKey: string | undefined;
  const deps: CliDeps = extendDeps(baseDeps, {
    stdout: redactingOutput(baseDeps.stdout, () => (apiKey ? [apiKey] : [])),
    stderr: redactingOutput(baseDeps.stderr, () => (apiKey ? [apiKey] : [])),
  });
  // Until parsing succeeds, guessed from argv: a usage error is reported in the mode asked for.
  let jsonMode = argv.includes('--json');
  let verbose = argv.includes('--verbose');
  const talk = createTalk(deps.stderr, { spinner: !jsonMode });
  let chosen: ChosenCommand | undefined;
  const program = buildProgram(deps, (command) => {
    chosen = command;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (!chosen) return EXIT.ok; // --help or --version
    const globals = program.opts<GlobalFlags>();
    jsonMode = chosen.json;
    verbose = Boolean(globals.verbose);
    const context: RunContext = {
      deps,
      async connect() {
        const connection = await deps.connect(connectionOptions(globals), deps, talk);
        apiKey = connection.apiKey;
        return extendDeps(deps, { api: connection.api, talk });
      },
    };
    const result = await chosen.run(context);
    // A Ctrl-C that arrived while the command was finishing (even mid-render) still means "interrupted" (130/143).
    await letSignalsIn();
    if (deps.signal.aborted) throw deps.signal.reason;
    if (result.error && jsonMode && ![EXIT.ok, EXIT.failed, EXIT.running].includes(result.exitCode as 0)) {
      await deps.stderr.write(renderErrorJson(result.error)).catch(() => {});
    }
    return result.exitCode;
  } catch (error) {
    talk.stopSpinner();
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return EXIT.ok;
      // commander printed its own message; usage errors are 2 per the contract (commander says 1).
      if (jsonMode)
        await deps.stderr
          .write(renderErrorJson(new QiError('usage', error.message.replace(/^error: /, ''))))
          .catch(() => {});
      return EXIT.usage;
    }
    if (error instanceof PipeClosedError) return EXIT.ok;
    const failure = unexpectedError(error);
    // Interruptions were already explained by the command; other failures get their message here.
    if (failure.code !== 'interrupted') await deps.stderr.write(renderErrorLines(failure)).catch(() => {});
    if (verbose && !(error instanceof QiError) && error instanceof Error && error.stack) {
      await deps.stderr.write(`${error.stack}\n`).catch(() => {});
    }
    if (jsonMode) await deps.stderr.write(renderErrorJson(failure)).catch(() => {});
    return failure.exitCode;
  }
}

/** The global flags that say how to reach the API (the colour flag is the commands' business). */
function connectionOptions({
  baseUrl,
  apiKeyFile,
  allowInsecureHttp,
  requestTimeout,
  verbose,
}: GlobalFlags): ConnectionOptions {
  return { baseUrl, apiKeyFile, allowInsecureHttp, requestTimeout, verbose };
}

/** For bin/: real process streams and signals. */
export async function run(): Promise<number> {
  const { deps, dispose } = processDeps();
  try {
    return await main(process.argv.slice(2), deps);
  } finally {
    dispose();
  }
}
