/** `completion <shell>`: the script is generated from the program's own definitions. */
import { Argument } from 'commander';
import type { CompletionOptions, Shell } from '../../commands/completion.js';
import { extendDeps } from '../../deps.js';
import { describeProgram } from '../describe-program.js';
import type { CommandDefinition } from './definition.js';

// Kept here, not imported from commands/completion.ts, so building the program stays free of the renderers.
const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

export const completionCommand: CommandDefinition<CompletionOptions> = {
  define: (program) =>
    program
      .command('completion')
      .description('print a shell completion script (see the README for where to put it)')
      .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS)),
  options: ({ args }) => ({ shell: args[0] as Shell }),
  run: async (options, { deps, program }) =>
    deps.commands.completion(options, extendDeps(deps, { spec: describeProgram(program) })),
};
