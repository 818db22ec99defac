/** `list`: flags and options (the format, how many, whether to look them up again). */
import { Option } from 'commander';
import type { ListOptions } from '../../commands/list.js';
import { extendDeps } from '../../deps.js';
import { parsePositiveInt } from '../parsers.js';
import { type CommandDefinition, outputOptions } from './definition.js';

interface ListFlags {
  json?: boolean;
  refresh?: boolean;
  limit?: number;
  idsOnly?: boolean;
}

export const listCommand: CommandDefinition<ListOptions, ListFlags> = {
  define: (program) =>
    program
      .command('list')
      .description('list the imports this machine looked at, newest first (from the local history)')
      .addOption(new Option('--json', 'one JSON document per import, one per line').conflicts('idsOnly'))
      .option('--refresh', 'look each one up again (needs the API key) and update the history')
      .addOption(new Option('--limit <n>', 'show at most N imports').argParser(parsePositiveInt))
      .option('--ids-only', 'print the import ids alone, one per line (for shell completion)'),
  options: (parsed) => {
    const { flags } = parsed;
    return {
      ...outputOptions(parsed),
      refresh: Boolean(flags.refresh),
      idsOnly: Boolean(flags.idsOnly),
      ...(flags.limit === undefined ? {} : { limit: flags.limit }),
    };
  },
  run: async (options, { deps, connect, history }) =>
    deps.commands.list(options, extendDeps(deps, { history: history.entries(), connect })),
  remembers: true,
};
