// The completion spec comes from commander's definitions: commands, flags, values with a fixed set.
import { execFileSync } from 'node:child_process';
import { Argument, Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { describeProgram } from '../../src/cli/describe-program.js';
import { renderBashCompletion } from '../../src/render/completion-bash.js';

function aProgram(): Command {
  const program = new Command('tool')
    .option('--api-key-file <path>', 'a key file')
    .option('--verbose', 'talk');
  program
    .command('show')
    .argument('<import-id...>', 'ids')
    .addOption(new Option('--format <f>', 'format').choices(['table', 'plain']))
    .option('--json', 'JSON');
  program.command('secret', { hidden: true });
  program.command('pick').addArgument(new Argument('<colour>').choices(['red', 'blue']));
  return program;
}

describe('describeProgram', () => {
  it('reads commands, flags, choices, paths and argument kinds from the definitions; hidden ones stay hidden', () => {
    const spec = describeProgram(aProgram());
    expect(spec.program).toBe('tool');
    expect(spec.commands.map((c) => c.path.join(' '))).toEqual(['', 'show', 'pick']);
    expect(spec.commands[0]?.subcommands).toEqual(['show', 'pick']);
    expect(spec.commands[0]?.flags[0]).toEqual({
      names: ['--api-key-file'],
      description: 'a key file',
      takesValue: true,
      path: true,
    });
    expect(spec.commands[1]?.args).toEqual({ kind: 'ids' });
    expect(spec.commands[1]?.flags[0]).toMatchObject({ names: ['--format'], choices: ['table', 'plain'] });
    expect(spec.commands[2]?.args).toEqual({ kind: 'choices', choices: ['red', 'blue'] });
  });

  it('bash offers a flag value from its fixed set', () => {
    const script = `${renderBashCompletion(describeProgram(aProgram()))}
COMP_WORDS=(tool show --format ''); COMP_CWORD=3; _tool; printf '%s\\n' "\${COMPREPLY[@]}"
COMP_WORDS=(tool show --format table --j); COMP_CWORD=4; _tool; printf '%s\\n' "\${COMPREPLY[@]}"`;
    expect(execFileSync('bash', ['--norc', '-c', script], { encoding: 'utf8' })).toBe(
      'table\nplain\n--json\n',
    );
  });
});
