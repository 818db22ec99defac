/**
 * What shell completion knows about the command line, as plain data: read from the same commander
 * definitions `--help` prints (cli/describe-program.ts), so the two never drift.
 */
export interface FlagSpec {
  /** Every spelling: `--json`, `-V`. */
  names: string[];
  description: string;
  /** It takes a value (the next word). */
  takesValue: boolean;
  /** The value is one of these. */
  choices?: string[];
  /** The value is a path (complete file names). */
  path?: boolean;
}

export interface CommandSpec {
  /** Names from the program down, e.g. `['auth', 'login']`; `[]` for the program itself. */
  path: string[];
  description: string;
  flags: FlagSpec[];
  subcommands: string[];
  /** What its positional arguments are: import ids (from the history), a fixed set, or nothing to offer. */
  args: { kind: 'ids' } | { kind: 'choices'; choices: string[] } | { kind: 'none' };
}

export interface CompletionSpec {
  program: string;
  /** The program first, then every command, parents before their subcommands. */
  commands: CommandSpec[];
}

/** Every flag spelling of every command (and the program's), once. */
export function valueFlags(spec: CompletionSpec): FlagSpec[] {
  const seen = new Map<string, FlagSpec>();
  for (const command of spec.commands) {
    for (const flag of command.flags) if (flag.takesValue) seen.set(flag.names.join(' '), flag);
  }
  return [...seen.values()];
}

/** Text safe inside single quotes for sh-like shells, and on one line. */
export const singleQuoted = (text: string): string =>
  `'${text.replace(/\s+/g, ' ').replaceAll("'", `'\\''`)}'`;
