/** `sandbox`: flags and options. It serves a fake API, so it needs no key and never connects. */
import { Option } from 'commander';
import type { SandboxCommandOptions } from '../../commands/sandbox.js';
import { parsePort } from '../parsers.js';
import type { CommandDefinition } from './definition.js';

export const sandboxCommand: CommandDefinition<SandboxCommandOptions, SandboxCommandOptions> = {
  define: (program) =>
    program
      .command('sandbox')
      .description('serve a built-in fake of the imports API on 127.0.0.1 (no account needed)')
      .addOption(
        new Option('--port <n>', 'port to listen on (0 = any free port)').default(4010).argParser(parsePort),
      )
      .option('--host <host>', 'address to listen on', '127.0.0.1'),
  options: ({ flags }) => ({ port: flags.port, host: flags.host }),
  run: (options, { deps }) => deps.commands.sandbox(options, deps),
};
