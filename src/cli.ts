/**
 * The entry point: commander wiring (argv → typed options), and the one place that turns errors
 * into messages and exit codes. Commands are imported lazily so each path loads only what it uses.
 */
import { Command, CommanderError, Option } from 'commander';
import { checkImportId } from './api/import-id.js';
import { type Connection, type ConnectionOptions, connect } from './cli/connect.js';
import { EXIT_CODES_HELP } from './cli/help.js';
import {
  collect,
  parseDuration,
  parseInterval,
  parsePort,
  parsePositiveInt,
  parseSeconds,
} from './cli/parsers.js';
import { processDeps } from './cli/process-deps.js';
import { redactingOutput } from './cli/redact.js';
import type { CommandDeps, CommandResult, OutputOptions } from './commands/command.js';
import { type Deps, extendDeps } from './deps.js';
import { EXIT, PipeClosedError, QiError } from './errors.js';
import { renderErrorJson, renderErrorLines, unexpectedError } from './render/error-message.js';
import { createTalk } from './terminal/talk.js';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

interface GlobalFlags extends ConnectionOptions {
  color?: boolean;
}

type Action = (connection: () => Promise<CommandDeps>) => Promise<CommandResult>;

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never exits itself. */
export async function main(argv: readonly string[], baseDeps: Deps): Promise<number> {
  let apiKey: string | undefined;
  const deps: Deps = extendDeps(baseDeps, {
    stdout: redactingOutput(baseDeps.stdout, () => (apiKey ? [apiKey] : [])),
    stderr: redactingOutput(baseDeps.stderr, () => (apiKey ? [apiKey] : [])),
  });
  let jsonMode = argv.includes('--json');
  let verbose = argv.includes('--verbose');
  const talk = createTalk(deps.stderr, { spinner: !jsonMode });
  let action: Action | undefined;
  let flags: GlobalFlags & OutputOptions = { json: false };

  const program = buildProgram(deps, (chosen, options) => {
    action = chosen;
    flags = options;
    jsonMode = options.json;
    verbose = Boolean(options.verbose);
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (!action) return EXIT.ok; // --help or --version
    const commandDeps = async (): Promise<CommandDeps> => {
      const connection: Connection = await connect(flags, deps, talk);
      apiKey = connection.apiKey;
      return extendDeps(deps, { api: connection.api, talk });
    };
    const result = await action(commandDeps);
    // A Ctrl-C that arrived while the command was finishing still means "interrupted" (130/143).
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

function buildProgram(
  deps: Deps,
  choose: (action: Action, flags: GlobalFlags & OutputOptions) => void,
): Command {
  const program = new Command('qobra-imports')
    .description('Check how a Qobra data import went: status, live watch and rejected rows.')
    .version(VERSION, '-V, --version')
    .option('--base-url <url>', 'API base URL (default: $QOBRA_BASE_URL or https://api.qobra.co/v1)')
    .option('--api-key-file <path>', 'read the API key from this file (- for stdin)')
    .option('--allow-insecure-http', 'allow a plain http:// base URL on a host other than this machine')
    .addOption(
      new Option('--request-timeout <seconds>', 'bound on each HTTP request').argParser(parseSeconds),
    )
    .option('--color', 'force colour')
    .option('--no-color', 'disable colour')
    .option('--verbose', 'log requests, retries and timings to stderr (the key is never shown)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void deps.stdout.write(text).catch(() => {}),
      writeErr: (text) => void deps.stderr.write(text).catch(() => {}),
    });

  const ids = (values: string[]): string[] => values.map(checkImportId);
  const globals = (command: Command) => command.optsWithGlobals() as GlobalFlags & { json?: boolean };
  const outputOptions = (command: Command): GlobalFlags & OutputOptions => {
    const all = globals(command);
    return { ...all, json: Boolean(all.json) };
  };

  program
    .command('status')
    .description('show the status of one or more imports')
    .argument('<import-id...>', 'import ids (the import_id returned when records were pushed)')
    .option('--json', 'one JSON document per import (the API response, unaltered), one per line')
    .action((values: string[], _opts, command: Command) => {
      const options = { ...outputOptions(command), ids: ids(values) };
      choose(async (connectDeps) => {
        const { runStatus } = await import('./commands/status.js');
        return runStatus(options, await connectDeps());
      }, options);
    });

  program
    .command('watch')
    .description('follow imports live until every one has finished')
    .argument('<import-id...>', 'import ids')
    .addOption(
      new Option(
        '--interval <seconds>',
        'starting poll interval, 0.1 to 86400; backs off to ~30s while nothing changes',
      )
        .default(2)
        .argParser(parseInterval),
    )
    .addOption(
      new Option(
        '--timeout <duration>',
        'give up after this long (90s, 10m, 1h30m; bare number = seconds), exit 124',
      ).argParser(parseDuration),
    )
    .option('--json', 'one JSON document per change (the API response), the final state last')
    .option('--fail-fast', 'stop as soon as any data table reports an error (exit 1)')
    .option('--quiet', 'print only the final summary')
    .option('--no-bell', 'do not ring the terminal bell when a long watch ends')
    .action(
      (
        values: string[],
        opts: { interval: number; timeout?: number; failFast?: boolean; quiet?: boolean; bell: boolean },
        command: Command,
      ) => {
        const options = {
          ...outputOptions(command),
          ids: ids(values),
          intervalMs: Math.round(opts.interval * 1000),
          ...(opts.timeout === undefined ? {} : { timeoutMs: opts.timeout }),
          failFast: Boolean(opts.failFast),
          quiet: Boolean(opts.quiet),
          bell: opts.bell,
        };
        choose(async (connectDeps) => {
          const { runWatch } = await import('./commands/watch.js');
          return runWatch(options, await connectDeps());
        }, options);
      },
    );

  program
    .command('errors')
    .description('show the rejected rows of one or more imports, grouped, or export them')
    .argument('<import-id...>', 'import ids')
    .addOption(new Option('--json', 'one JSON document per rejected row').conflicts('csv'))
    .option('--csv', "RFC 4180 CSV: data_table_key,line_number,details, then the rows' columns")
    .option(
      '--safe-csv',
      "with --csv: prefix cells a spreadsheet would run as formulas (starting with =, +, -, @, tab or CR) with '",
    )
    .addOption(new Option('--table <key>', 'only this data table (repeatable)').argParser(collect))
    .addOption(new Option('--limit <n>', 'show at most N rows').argParser(parsePositiveInt))
    .option('--all', 'on a terminal, show every row instead of the first page')
    .action(
      (
        values: string[],
        opts: { csv?: boolean; safeCsv?: boolean; table?: string[]; limit?: number; all?: boolean },
        command: Command,
      ) => {
        const options = {
          ...outputOptions(command),
          ids: ids(values),
          csv: Boolean(opts.csv),
          safeCsv: Boolean(opts.safeCsv),
          tables: opts.table ?? [],
          ...(opts.limit === undefined ? {} : { limit: opts.limit }),
          all: Boolean(opts.all),
        };
        choose(async (connectDeps) => {
          const { runErrors } = await import('./commands/errors.js');
          return runErrors(options, await connectDeps());
        }, options);
      },
    );

  program
    .command('sandbox')
    .description('serve a built-in fake of the imports API on 127.0.0.1 (no account needed)')
    .addOption(
      new Option('--port <n>', 'port to listen on (0 = any free port)').default(4010).argParser(parsePort),
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action((opts: { port: number; host: string }, command: Command) => {
      choose(async () => {
        const { runSandbox } = await import('./commands/sandbox.js');
        return { exitCode: await runSandbox(opts, deps) };
      }, outputOptions(command));
    });

  // Every command's --help ends with the exit codes and configuration too: scripts branch on them.
  for (const command of program.commands) command.addHelpText('after', EXIT_CODES_HELP);
  return program;
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
