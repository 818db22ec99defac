/** `watch <import-id...>`: flags and options (the interval in seconds on the command line, ms inside). */
import { Option } from 'commander';
import type { WatchOptions } from '../../commands/watch.js';
import { DEFAULT_INTERVAL_MS } from '../../watch/cadence.js';
import { parseDuration, parseInterval } from '../parsers.js';
import {
  type CommandDefinition,
  importIds,
  outputOptions,
  type ReportFlags,
  reportOptions,
  withStdinIds,
} from './definition.js';

interface WatchFlags extends ReportFlags {
  json?: boolean;
  interval: number;
  timeout?: number;
  failFast?: boolean;
  quiet?: boolean;
  bell: boolean;
}

export const watchCommand: CommandDefinition<WatchOptions, WatchFlags> = {
  reportFlags: true,
  define: (program) =>
    program
      .command('watch')
      .description('follow imports live until every one has finished')
      .argument('<import-id...>', 'import ids; @last for the latest looked at, - to read them from stdin')
      .addOption(
        new Option(
          '--interval <seconds>',
          'starting poll interval, 0.1 to 86400; backs off to ~30s while nothing changes',
        )
          .default(DEFAULT_INTERVAL_MS / 1000)
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
      .option('--no-bell', 'do not ring the terminal bell when a long watch ends'),
  options: (parsed) => {
    const { flags } = parsed;
    return {
      ...outputOptions(parsed),
      ids: importIds(parsed),
      intervalMs: Math.round(flags.interval * 1000),
      ...(flags.timeout === undefined ? {} : { timeoutMs: flags.timeout }),
      failFast: Boolean(flags.failFast),
      quiet: Boolean(flags.quiet),
      bell: flags.bell,
      ...reportOptions(flags),
    };
  },
  run: async (options, { deps, connect }) =>
    deps.commands.watch(await withStdinIds(options, deps), await connect()),
  remembers: true,
};
