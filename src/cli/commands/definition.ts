/**
 * The shape of a command's wiring: its flags, how the parsed command line becomes its typed options,
 * and how it is run. One small file per command, apart from the command itself, so cli.ts can keep
 * importing command implementations lazily while every flag → option mapping is tested directly.
 */
import type { Command } from 'commander';
import { checkImportId } from '../../api/import-id.js';
import type { CommandDeps, CommandResult, OutputOptions } from '../../commands/command.js';
import { readIdList } from '../../config/id-input.js';
import { usageError } from '../../errors.js';
import { resolveHistoryRefs } from '../../history/refs.js';
import type { ReportOptions } from '../../output/ci-reports.js';
import type { CliDeps } from '../cli-deps.js';
import type { ConnectionOptions } from '../connect.js';
import type { HistorySession } from '../history-session.js';

/** Flags every command accepts, before or after its name. */
export interface GlobalFlags extends ConnectionOptions {
  /** --color / --no-color; absent when neither was given. */
  color?: boolean;
  /** --no-history: false; nothing is read from or written to the history. */
  history?: boolean;
}

/** A command line as commander parsed it: positional arguments, the command's flags, the global ones. */
export interface ParsedCommand<Flags> {
  args: unknown[];
  flags: Flags;
  globals: GlobalFlags;
  /** For `@last` references; absent, they resolve against an empty history. */
  history?: HistorySession;
}

export interface RunContext {
  deps: CliDeps;
  /** Resolves the key and base URL and builds the API client: only commands that call the API use it. */
  connect(extra?: Pick<ConnectionOptions, 'apiKey'>): Promise<CommandDeps>;
  /** The run's history: what `list` shows, where look-ups are remembered. */
  history: HistorySession;
  /** The whole program, for what is generated from its definitions (completion scripts). */
  program: Command;
}

export interface CommandDefinition<Options, Flags = Record<string, unknown>> {
  /** It looks imports up: it takes the CI report flags (--junit, --summary-json, --no-ci-report). */
  reportFlags?: boolean;
  /** Adds the command (name, description, arguments, flags) to `program` and returns it. */
  define(program: Command): Command;
  /** The parsed command line → the command's options; throws a usage error for a bad value. */
  options(parsed: ParsedCommand<Flags>): Options;
  run(options: Options, context: RunContext): Promise<CommandResult>;
  /** Its look-ups are remembered in the history (status, watch, errors, list --refresh). */
  remembers?: boolean;
}

/**
 * The positional import ids, `@last~N` resolved from the history, each checked: an id that cannot
 * be one, or a reference beyond the history, is a usage error (2).
 */
export function importIds(parsed: ParsedCommand<unknown>): string[] {
  const args = parsed.args[0] as string[];
  // `-` stays as it is, to be replaced by the ids on stdin when the command runs (see withStdinIds).
  if (args.includes(STDIN_IDS) && parsed.globals.apiKeyFile === '-') {
    throw usageError('`-` cannot read both the import ids and the API key (--api-key-file -) from stdin');
  }
  const refs = resolveHistoryRefs(
    args.filter((arg) => arg !== STDIN_IDS),
    () => parsed.history?.entries() ?? [],
  );
  return args.map((arg) => (arg === STDIN_IDS ? arg : checkImportId(refs.shift() ?? arg)));
}

/** The id list argument that stands for "read the ids from stdin". */
export const STDIN_IDS = '-';

/** Options with each `-` in their ids replaced by the ids read from stdin, each checked as any id. */
export async function withStdinIds<O extends { ids: string[] }>(
  options: O,
  deps: Pick<RunContext['deps'], 'stdin' | 'signal'>,
): Promise<O> {
  if (!options.ids.includes(STDIN_IDS)) return options;
  // Read once, whatever the number of `-`: stdin has only one list to give. Touched only here:
  // process.stdin is a getter that sets up a stream, ~3 ms that every `status` would otherwise pay.
  const read = (await readIdList(deps.stdin, deps.signal)).map(checkImportId);
  const ids = options.ids.flatMap((id) => (id === STDIN_IDS ? read : [id]));
  return { ...options, ids };
}

/** --json from the command's flags, --color / --no-color from the global ones. */
export function outputOptions(parsed: ParsedCommand<{ json?: boolean }>): OutputOptions {
  const { color } = parsed.globals;
  return { json: Boolean(parsed.flags.json), ...(color === undefined ? {} : { color }) };
}

/** The CI report flags, shared by every command that looks imports up. */
export interface ReportFlags {
  junit?: string;
  summaryJson?: string;
  /** false with --no-ci-report. */
  ciReport?: boolean;
}

export function addReportFlags(command: Command): Command {
  return command
    .option('--junit <file>', 'write a JUnit XML report here when the command ends (any outcome)')
    .option(
      '--summary-json <file>',
      'write one JSON object with the exit code and each import (- for stderr)',
    )
    .option('--no-ci-report', 'no GitHub Actions job summary or annotations (on when GITHUB_ACTIONS=true)');
}

/** `{ reports }` when a report flag was given, else nothing: GitHub Actions' report needs no flag. */
export function reportOptions(flags: ReportFlags): { reports?: ReportOptions } {
  const { junit, summaryJson, ciReport = true } = flags;
  if (junit === undefined && summaryJson === undefined && ciReport) return {};
  return {
    reports: {
      ...(junit === undefined ? {} : { junit }),
      ...(summaryJson === undefined ? {} : { summaryJson }),
      ciReport,
    },
  };
}
