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
import { EXIT_CODES_TOPIC, renderExitCodesTopic } from './cli/help.js';
import { keyMaskingApi, maskKey, maskKeyInError } from './cli/key-mask.js';
import { processDeps } from './cli/process-deps.js';
import { buildProgram, type ChosenCommand } from './cli/program.js';
import { extendDeps } from './deps.js';
import { EXIT, OutputWriteError, PipeClosedError, QiError } from './errors.js';
import { createImportLog, type ImportLog } from './model/import-report.js';
import { createTalk } from './output/talk.js';
import { colorEnabled } from './render/color.js';
import { renderErrorJson, renderErrorLines, unexpectedError } from './render/error-message.js';
import { inGithubActions } from './util/ci-env.js';
import { letSignalsIn } from './util/signal-turn.js';

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never exits itself. */
export async function main(argv: readonly string[], deps: CliDeps): Promise<number> {
  // Known once connected; only for masking our own error messages (see cli/key-mask.ts). Output
  // streams are never filtered: results are written exactly as the server sent them.
  let apiKey: string | undefined;
  // Until parsing succeeds, guessed from argv: a usage error is reported in the mode asked for.
  let jsonMode = argv.includes('--json');
  let verbose = argv.includes('--verbose');
  const colorFlag = argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined;
  const talk = createTalk(deps.stderr, {
    spinner: !jsonMode,
    color: colorEnabled(colorFlag, deps.env, deps.stderr.isTTY),
  });
  let chosen: ChosenCommand | undefined;
  // What the command looked up, for the CI reports written when it ends (only when some are wanted).
  let importLog: ImportLog | undefined;
  // commander writes --help and --version without waiting: chained here, so a failed write is heard.
  let helpWritten: Promise<void> = Promise.resolve();
  const helpStdout = extendDeps(deps.stdout, {
    write: (text: string) => {
      helpWritten = helpWritten.then(() => deps.stdout.write(text));
      return helpWritten;
    },
  });
  const program = buildProgram(
    { stdout: helpStdout, stderr: deps.stderr, env: deps.env, now: deps.now },
    (command) => {
      chosen = command;
      chosenName = command.name;
    },
  );

  /** What the run looked up, remembered once its result is out; warnings before any JSON error line. */
  const saveHistory = (): void => {
    if (!chosen) return;
    for (const problem of [...chosen.history.takeProblems(), ...chosen.history.save()]) talk.warn(problem);
  };
  /**
   * Writes the CI reports of the command that ended with `exitCode` (any outcome); a report that
   * could not be written is told on stderr and raises the exit code (74).
   */
  const finishReports = async (exitCode: number): Promise<{ exitCode: number; failure?: QiError }> => {
    const log = importLog;
    // Once only: should writing them fail unexpectedly, the failure is reported without a second try.
    importLog = undefined;
    if (!chosen || !log) return { exitCode };
    const { writeCiReports } = await import('./output/ci-reports.js');
    const run = { exitCode, exports: chosen.exports };
    const written = await writeCiReports(chosen.reports ?? { ciReport: true }, log.reports(), run, deps);
    if (!written.failure) return { exitCode: written.exitCode };
    const failure = new QiError('io', written.failure.message);
    await deps.stderr.write(renderErrorLines(failure)).catch(() => {});
    return { exitCode: written.exitCode, failure };
  };

  /** A failure in words on stderr (best effort: stderr may be failing too), and its exit code. */
  const report = async (error: unknown): Promise<number> => {
    talk.stopSpinner();
    saveHistory();
    if (error instanceof PipeClosedError) return (await finishReports(EXIT.ok)).exitCode;
    const failure = maskKeyInError(
      error instanceof OutputWriteError ? new QiError('io', error.message) : unexpectedError(error),
      apiKey,
    );
    // Interruptions were already explained by the command; other failures get their message here.
    if (failure.code !== 'interrupted') await deps.stderr.write(renderErrorLines(failure)).catch(() => {});
    const bug = error instanceof Error && !(error instanceof QiError) && !(error instanceof OutputWriteError);
    if (verbose && bug && error.stack) {
      await deps.stderr.write(`${maskKey(error.stack, apiKey)}\n`).catch(() => {});
    }
    // Before the JSON error document, which stays stderr's last line.
    const finished = await finishReports(failure.exitCode);
    const decisive = finished.exitCode === failure.exitCode ? failure : (finished.failure ?? failure);
    if (jsonMode) await deps.stderr.write(renderErrorJson(decisive)).catch(() => {});
    return finished.exitCode;
  };

  try {
    // A help topic rather than a command: commander's `help` only knows commands.
    if (argv.length === 2 && argv[0] === 'help' && argv[1] === EXIT_CODES_TOPIC) {
      await deps.stdout.write(renderExitCodesTopic(deps.stdout.columns));
      return EXIT.ok;
    }
    await program.parseAsync([...argv], { from: 'user' });
    if (!chosen) {
      await helpWritten; // --help or --version
      return EXIT.ok;
    }
    const globals = program.opts<GlobalFlags>();
    jsonMode = chosen.json;
    verbose = Boolean(globals.verbose);
    if (chosen.reportable && (chosen.reports || inGithubActions(deps.env))) importLog = createImportLog();
    const { history, remembers } = chosen;
    const context: RunContext = {
      deps,
      async connect(extra = {}) {
        const connection = await deps.connect({ ...connectionOptions(globals), ...extra }, deps, talk);
        apiKey = connection.apiKey;
        const api = keyMaskingApi(connection.api, connection.apiKey);
        return extendDeps(deps, {
          api: remembers ? history.recording(api) : api,
          talk,
          ...(importLog ? { importLog } : {}),
        });
      },
      history,
      program,
    };
    const result = await chosen.run(context);
    saveHistory();
    // A Ctrl-C that arrived while the command was finishing (even mid-render) still means "interrupted" (130/143).
    await letSignalsIn();
    if (deps.signal.aborted) throw deps.signal.reason;
    const finished = await finishReports(result.exitCode);
    const shown = finished.failure ?? result.error;
    if (shown && jsonMode && ![EXIT.ok, EXIT.failed, EXIT.running].includes(finished.exitCode as 0)) {
      await deps.stderr.write(renderErrorJson(maskKeyInError(shown, apiKey))).catch(() => {});
    }
    return finished.exitCode;
  } catch (error) {
    if (!(error instanceof CommanderError)) return report(error);
    talk.stopSpinner();
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.exitCode === 0
    )
      return helpWritten.then(() => EXIT.ok, report);
    // commander printed its own message; usage errors are 2 per the contract (commander says 1).
    if (jsonMode)
      await deps.stderr
        .write(renderErrorJson(new QiError('usage', error.message.replace(/^error: /, ''))))
        .catch(() => {});
    return EXIT.usage;
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

/** The command the last run() chose; undefined after help, version or a usage error. */
let chosenName: string | undefined;

/** For the loader (src/boot/): which command ran, so its code cache covers each command's run once. */
export function commandName(): string | undefined {
  return chosenName;
}

/** For bin/: real process streams and signals. */
export async function run(): Promise<number> {
  chosenName = undefined;
  const { deps, dispose } = processDeps();
  try {
    return await main(process.argv.slice(2), deps);
  } finally {
    dispose();
  }
}
