/** `errors <import-id...>`: flags and options (the export format, the selection, the row limit). */
import { Option } from 'commander';
import type { ErrorsOptions } from '../../commands/errors.js';
import { collect, parsePositiveInt } from '../parsers.js';
import {
  type CommandDefinition,
  importIds,
  outputOptions,
  type ReportFlags,
  reportOptions,
  withStdinIds,
} from './definition.js';

interface ErrorsFlags extends ReportFlags {
  json?: boolean;
  csv?: boolean;
  safeCsv?: boolean;
  table?: string[];
  limit?: number;
  all?: boolean;
  pager?: boolean;
}

export const errorsCommand: CommandDefinition<ErrorsOptions, ErrorsFlags> = {
  reportFlags: true,
  define: (program) =>
    program
      .command('errors')
      .description('show the rejected rows of one or more imports, grouped, or export them')
      .argument('<import-id...>', 'import ids; @last for the latest looked at, - to read them from stdin')
      .addOption(new Option('--json', 'one JSON document per rejected row').conflicts('csv'))
      .option('--csv', "RFC 4180 CSV: data_table_key,line_number,details, then the rows' columns")
      .option(
        '--safe-csv',
        "with --csv: prefix cells a spreadsheet would run as formulas (starting with =, +, -, @, tab or CR) with '",
      )
      .addOption(new Option('--table <key>', 'only this data table (repeatable)').argParser(collect))
      .addOption(new Option('--limit <n>', 'show at most N rows').argParser(parsePositiveInt))
      .option('--all', 'on a terminal, show every row instead of the first page')
      .option('--no-pager', 'on a terminal, write directly instead of through $PAGER (default: less -FRX)'),
  options: (parsed) => {
    const { flags } = parsed;
    return {
      ...outputOptions(parsed),
      ids: importIds(parsed),
      csv: Boolean(flags.csv),
      safeCsv: Boolean(flags.safeCsv),
      tables: flags.table ?? [],
      ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      all: Boolean(flags.all),
      ...(flags.pager === false ? { pager: false } : {}),
      ...reportOptions(flags),
    };
  },
  run: async (options, { deps, connect }) =>
    deps.commands.errors(await withStdinIds(options, deps), await connect()),
  remembers: true,
};
