/** `auth login | status | logout`: three subcommands of `auth`, each its own definition. */
import type { Command } from 'commander';
import type { AuthDeps, AuthStatusOptions } from '../../commands/auth.js';
import { extendDeps } from '../../deps.js';
import type { CommandDefinition, RunContext } from './definition.js';

/** The `auth` command, made by whichever subcommand is defined first. */
const auth = (program: Command): Command =>
  program.commands.find((command) => command.name() === 'auth') ??
  program.command('auth').description('store the API key in the credentials file, and check it');

/** The deps an auth command runs with: connecting for a given key, or for the key in force. */
const authDeps = ({ deps, connect }: RunContext): AuthDeps =>
  extendDeps(deps, { connect: (apiKey?: string) => connect(apiKey === undefined ? {} : { apiKey }) });

export const authLoginCommand: CommandDefinition<Record<string, never>> = {
  define: (program) =>
    auth(program)
      .command('login')
      .description(
        'read the API key (from stdin when piped, else a prompt that does not echo), check it and save it (mode 0600)',
      ),
  options: () => ({}),
  run: async (options, context) => context.deps.commands.authLogin(options, authDeps(context)),
};

export const authStatusCommand: CommandDefinition<AuthStatusOptions> = {
  define: (program) =>
    auth(program)
      .command('status')
      .description(
        'say where the key in force comes from, its last 4 characters, and whether the API accepts it',
      ),
  options: ({ globals }) => (globals.apiKeyFile === undefined ? {} : { apiKeyFile: globals.apiKeyFile }),
  run: async (options, context) => context.deps.commands.authStatus(options, authDeps(context)),
};

export const authLogoutCommand: CommandDefinition<Record<string, never>> = {
  define: (program) => auth(program).command('logout').description('remove the credentials file'),
  options: () => ({}),
  run: async (options, { deps }) => deps.commands.authLogout(options, deps),
};
