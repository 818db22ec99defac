/**
 * The commander program: global flags, help and version, and one subcommand per definition in
 * commands/. Parsing only records which command was chosen, with its options already mapped;
 * running it is up to main().
 */
import { Command, Option } from 'commander';
import type { CommandResult } from '../commands/command.js';
import type { Output } from '../deps.js';
import { PROGRAM } from '../format/talk-line.js';
import type { ReportOptions } from '../output/ci-reports.js';
import { sanitize } from '../render/sanitize.js';
import type { Env } from '../util/env.js';
import { authLoginCommand, authLogoutCommand, authStatusCommand } from './commands/auth.js';
import { completionCommand } from './commands/completion.js';
import {
  addReportFlags,
  type CommandDefinition,
  type GlobalFlags,
  type RunContext,
} from './commands/definition.js';
import { errorsCommand } from './commands/errors.js';
import { listCommand } from './commands/list.js';
import { sandboxCommand } from './commands/sandbox.js';
import { statusCommand } from './commands/status.js';
import { watchCommand } from './commands/watch.js';
import { EXIT_CODES_HELP, renderExamples, SEE_EXIT_CODES } from './help.js';
import { type HistorySession, openHistory } from './history-session.js';
import { parseSeconds } from './parsers.js';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Every command, in --help order. */
const COMMANDS: readonly CommandDefinition<unknown, unknown>[] = [
  statusCommand,
  watchCommand,
  errorsCommand,
  listCommand,
  sandboxCommand,
  authLoginCommand,
  authStatusCommand,
  authLogoutCommand,
  completionCommand,
];

/** The command the user asked for, its options already checked and mapped. */
export interface ChosenCommand {
  /** Its name (`status`, `login`…). */
  name: string;
  /** The options it will run with (what the wiring test checks). */
  options: unknown;
  /** Its --json flag: a failure is then also reported as a JSON document on stderr. */
  json: boolean;
  /** Its report flags, when given (GitHub Actions' report needs none). */
  reports?: ReportOptions;
  /** It looks imports up, so it can report them to CI (--junit, GitHub Actions). */
  reportable: boolean;
  /** stdout carries an export (--json or --csv): workflow commands then go to stderr. */
  exports: boolean;
  run(context: RunContext): Promise<CommandResult>;
  /** The run's history (already read if an `@last` needed it). */
  history: HistorySession;
  /** Its look-ups are to be remembered. */
  remembers: boolean;
}

export function buildProgram(
  /** `env` and `now` locate and date the history; without `env` there is none. */
  output: { stdout: Output; stderr: Output; env?: Env; now?: () => number },
  choose: (chosen: ChosenCommand) => void,
): Command {
  const program = new Command(PROGRAM)
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
    .option('--no-history', 'do not remember looked-up import ids (same as QOBRA_IMPORTS_NO_HISTORY=1)')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    // Each command's --help lists the global flags too: they apply after the command name as well.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void output.stdout.write(text).catch(() => {}),
      writeErr: (text) => void output.stderr.write(text).catch(() => {}),
      // Usage errors quote the user's own argv ("unknown option '--\u001b[31mx'"): a pasted escape
      // sequence must not reach the terminal either. Line by line, so the message keeps its lines;
      // commander's "error: …" gets the prefix every other message has.
      outputError: (text, write) =>
        write(
          text
            .split('\n')
            .map(sanitize)
            .join('\n')
            .replace(/^error: /, `${PROGRAM}: error: `),
        ),
    });

  for (const definition of COMMANDS) {
    const command = definition.define(program);
    if (definition.reportFlags) addReportFlags(command);
    command.action(() => {
      const flags = command.opts();
      const globals = program.opts<GlobalFlags>();
      const history = openHistory(output.env ?? {}, globals.history !== false, output.now ?? Date.now);
      const options = definition.options({ args: command.processedArgs, flags, globals, history });
      const { reports } = options as { reports?: ReportOptions };
      choose({
        name: command.name(),
        options,
        json: Boolean(flags.json),
        ...(reports ? { reports } : {}),
        reportable: Boolean(definition.reportFlags),
        exports: Boolean(flags.json || flags.csv),
        run: (context) => definition.run(options, context),
        history,
        remembers: Boolean(definition.remembers),
      });
    });
  }
  // Every command's --help ends with examples and where the exit codes are (scripts branch on them).
  const withHelp = (command: Command): void => {
    command.addHelpText('after', `${renderExamples(command.name())}${SEE_EXIT_CODES}`);
    for (const sub of command.commands) withHelp(sub);
  };
  for (const command of program.commands) withHelp(command);
  return program;
}
