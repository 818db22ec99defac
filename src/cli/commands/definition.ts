/**
 * The shape of a command's wiring: its flags, how the parsed command line becomes its typed options,
 * and how it is run. One small file per command, apart from the command itself, so cli.ts can keep
 * importing command implementations lazily while every flag → option mapping is tested directly.
 */
import type { Command } from 'commander';
import { checkImportId } from '../../api/import-id.js';
import type { CommandDeps, CommandResult, OutputOptions } from '../../commands/command.js';
import type { ReportOptions } from '../../output/ci-reports.js';
import type { CliDeps } from '../cli-deps.js';
import type { ConnectionOptions } from '../connect.js';

/** Flags every command accepts, before or after its name. */
export interface GlobalFlags extends ConnectionOptions {
  /** --color / --no-color; absent when neither was given. */
  color?: boolean;
}

/** A command line as commander parsed it: positional arguments, the command's flags, the global ones. */
export interface ParsedCommand<Flags> {
  args: unknown[];
  flags: Flags;
  globals: GlobalFlags;
}

export interface RunContext {
  deps: CliDeps;
  /** Resolves the key and base URL and builds the API client: only commands that call the API use it. */
  connect(): Promise<CommandDeps>;
}

export interface CommandDefinition<Options, Flags = Record<string, unknown>> {
  /** It looks imports up: it takes the CI report flags (--junit, --summary-json, --no-ci-report). */
  reportFlags?: boolean;
  /** Adds the command (name, description, arguments, flags) to `program` and returns it. */
  define(program: Command): Command;
  /** The parsed command line → the command's options; throws a usage error for a bad value. */
  options(parsed: ParsedCommand<Flags>): Options;
  run(options: Options, context: RunContext): Promise<CommandResult>;
}

/** The positional import ids, each checked: an id that cannot be one is a usage error (2). */
export function importIds(parsed: ParsedCommand<unknown>): string[] {
  return (parsed.args[0] as string[]).map(checkImportId);
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
