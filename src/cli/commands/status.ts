/** `status <import-id...>`: flags and options. */
import type { StatusOptions } from '../../commands/status.js';
import {
  type CommandDefinition,
  importIds,
  outputOptions,
  type ReportFlags,
  reportOptions,
  withStdinIds,
} from './definition.js';

export const statusCommand: CommandDefinition<StatusOptions, { json?: boolean } & ReportFlags> = {
  reportFlags: true,
  define: (program) =>
    program
      .command('status')
      .description('show the status of one or more imports')
      .argument(
        '<import-id...>',
        'import ids (the import_id returned when records were pushed); @last, or - for stdin',
      )
      .option('--json', 'one JSON document per import (the API response, unaltered), one per line'),
  options: (parsed) => ({
    ...outputOptions(parsed),
    ids: importIds(parsed),
    ...reportOptions(parsed.flags),
  }),
  run: async (options, { deps, connect }) =>
    deps.commands.status(await withStdinIds(options, deps), await connect()),
  remembers: true,
};
