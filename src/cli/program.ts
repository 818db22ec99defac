/**
 * The commander program: global flags, help and version, and one subcommand per definition in
 * commands/. Parsing only records which command was chosen, with its options already mapped;
 * running it is up to main().
 */
import { Command, Option } from 'commander';
import type { CommandResult } from '../commands/command.js';
import type { Output } from '../deps.js';
import { PROGRAM } from '../format/talk-line.js';
import { sanitize } from '../render/sanitize.js';
import type { CommandDefinition, GlobalFlags, RunContext } from './commands/definition.js';
import { errorsCommand } from './commands/errors.js';
import { sandboxCommand } from './commands/sandbox.js';
import { statusCommand } from './commands/status.js';
import { watchCommand } from './commands/watch.js';
import { EXIT_CODES_HELP } from './help.js';
import { parseSeconds } from './parsers.js';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

/** Every command, in --help order. */
const COMMANDS: readonly CommandDefinition<unknown, unknown>[] = [
  statusCommand,
  watchCommand,
  errorsCommand,
  sandboxCommand,
];

/** The command the user asked for, its options already checked and mapped. */
export interface ChosenCommand {
  /** The options it will run with (what the wiring test checks). */
  options: unknown;
  /** Its --json flag: a failure is then also reported as a JSON document on stderr. */
  json: boolean;
  run(context: RunContext): Promise<CommandResult>;
}

export function buildProgram(
  output: { stdout: Output; stderr: Output },
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
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void output.stdout.write(text).catch(() => {}),
      writeErr: (text) => void output.stderr.write(text).catch(() => {}),
      // Usage errors quote the user's own argv ("unknown option '--\u001b[31mx'"): a pasted escape
      // sequence must not reach the terminal either. Line by line, so the message keeps its lines.
      outputError: (text, write) => write(text.split('\n').map(sanitize).join('\n')),
    });

  for (const definition of COMMANDS) {
    const command = definition.define(program);
    command.action(() => {
      const flags = command.opts();
      const options = definition.options({
        args: command.processedArgs,
        flags,
        globals: program.opts<GlobalFlags>(),
      });
      choose({ options, json: Boolean(flags.json), run: (context) => definition.run(options, context) });
    });
  }
  // Every command's --help ends with the exit codes and configuration too: scripts branch on them.
  for (const command of program.commands) command.addHelpText('after', EXIT_CODES_HELP);
  return program;
}
