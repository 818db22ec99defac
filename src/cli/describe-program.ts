/** The commander program → the completion spec: the same definitions `--help` prints. */
import type { Command, Option } from 'commander';
import type { CommandSpec, CompletionSpec, FlagSpec } from '../render/completion-spec.js';

/** Arguments with this name are import ids: completed from the history. */
const IDS_ARGUMENT = 'import-id';

function flagOf(option: Option): FlagSpec {
  const names = [option.short, option.long].filter((name): name is string => Boolean(name));
  const takesValue = option.required || option.optional;
  return {
    names,
    description: option.description,
    takesValue,
    ...(option.argChoices ? { choices: [...option.argChoices] } : {}),
    ...(takesValue && /-file$/.test(option.long ?? '') ? { path: true } : {}),
  };
}

function describe(command: Command, path: string[], into: CommandSpec[]): void {
  const visible = command.commands.filter((sub) => !(sub as Command & { _hidden?: boolean })._hidden);
  const argument = command.registeredArguments[0];
  const args: CommandSpec['args'] =
    argument?.name() === IDS_ARGUMENT
      ? { kind: 'ids' }
      : argument?.argChoices
        ? { kind: 'choices', choices: [...argument.argChoices] }
        : { kind: 'none' };
  into.push({
    path,
    description: command.description(),
    flags: [
      ...command.options.filter((option) => !option.hidden).map(flagOf),
      { names: ['-h', '--help'], description: 'display help for command', takesValue: false },
    ],
    subcommands: visible.map((sub) => sub.name()),
    args,
  });
  for (const sub of visible) describe(sub, [...path, sub.name()], into);
}

export function describeProgram(program: Command): CompletionSpec {
  const commands: CommandSpec[] = [];
  describe(program, [], commands);
  return { program: program.name(), commands };
}
