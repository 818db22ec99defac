// Each completion script loaded in its real shell: bash always; zsh and fish where installed. The
// built command is on PATH as `qobra-imports`, with a history of its own for the import ids.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli } from './harness.js';

const NEWEST = '64b0c1ea0000000000000002';
const OLDER = '647a13fe875af4b4eb7133c2';
const has = (shell: string): boolean => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

let env: NodeJS.ProcessEnv;
const scripts: Record<string, string> = {};

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'qi-completion-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'qobra-imports'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'qobra-imports'), 0o755);
  const state = join(root, 'state', 'qobra-imports');
  mkdirSync(state, { recursive: true });
  const entry = (id: string, at: string) =>
    `${JSON.stringify({ id, at, status: 'finished', outcome: 'failed', tables: 2, rejected: 1 })}\n`;
  writeFileSync(
    join(state, 'history.jsonl'),
    entry(OLDER, '2026-12-01T00:00:00Z') + entry(NEWEST, '2026-12-02T00:00:00Z'),
  );
  env = { PATH: `${bin}:${process.env.PATH}`, HOME: root, XDG_STATE_HOME: join(root, 'state'), TZ: 'UTC' };
  for (const shell of ['bash', 'zsh', 'fish']) {
    const run = await runCli(['completion', shell], { env: { QOBRA_API_KEY: undefined } });
    expect([run.code, run.stderr]).toEqual([0, '']);
    scripts[shell] = join(root, `completion.${shell}`);
    writeFileSync(scripts[shell], run.stdout);
  }
  writeFileSync(join(root, 'files-here.txt'), '');
});

/** The command names `--help` lists, the source of truth completion must agree with. */
async function helpCommands(args: string[] = []): Promise<string[]> {
  const help = (await runCli([...args, '--help'])).stdout;
  const section = help.split('Commands:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1] ?? '')
    .filter((name) => name && name !== 'help');
}

describe('bash', () => {
  /** What bash offers for `line` (the last word is the one being completed). */
  function complete(line: string): string[] {
    const script = `source '${scripts.bash}'
read -ra COMP_WORDS <<< "$LINE"; [[ "$LINE" == *' ' ]] && COMP_WORDS+=('')
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_qobra_imports
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = execFileSync('bash', ['--norc', '-c', script], {
      env: { ...env, LINE: line },
      encoding: 'utf8',
    });
    return out.split('\n').filter(Boolean);
  }

  it('registers itself: complete -p names the function', () => {
    const out = execFileSync(
      'bash',
      ['--norc', '-c', `source '${scripts.bash}'; complete -p qobra-imports`],
      {
        env,
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe('complete -F _qobra_imports qobra-imports');
  });

  it('offers every command --help lists, and no other', async () => {
    expect(complete('qobra-imports ')).toEqual(await helpCommands());
    expect(complete('qobra-imports auth ')).toEqual(await helpCommands(['auth']));
  });

  it.each<[string, string[]]>([
    ['qobra-imports st', ['status']],
    ['qobra-imports status --j', ['--json', '--junit']],
    ['qobra-imports errors --s', ['--safe-csv', '--summary-json']],
    ['qobra-imports --no-color watch --fa', ['--fail-fast']],
    ['qobra-imports --no-h', ['--no-history']],
    ['qobra-imports completion ', ['bash', 'zsh', 'fish']],
    ['qobra-imports auth st', ['status']],
    ['qobra-imports status ', [NEWEST, OLDER, '@last']],
    ['qobra-imports errors --table opportunities 64', [NEWEST, OLDER]],
    ['qobra-imports --base-url ', []],
  ])('%j → %j', (line, expected) => {
    expect(complete(line)).toEqual(expected);
  });

  it('completes file names after --api-key-file', () => {
    expect(complete(`qobra-imports --api-key-file ${join(env.HOME ?? '', 'files-')}`)).toEqual([
      join(env.HOME ?? '', 'files-here.txt'),
    ]);
  });

  it.each(['errors', 'watch', 'list'])(
    'every flag `%s --help` lists, and the global ones',
    async (command) => {
      const help = (await runCli([command, '--help'])).stdout;
      const flags = [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]);
      expect(flags.length).toBeGreaterThan(1);
      expect(complete(`qobra-imports ${command} --`)).toEqual(
        expect.arrayContaining([...flags, '--no-history', '--base-url']),
      );
    },
  );
});

describe.runIf(has('zsh'))('zsh', () => {
  /** Runs the completion function with `compadd` and `_files` recording what they were given. */
  function complete(...words: string[]): string[] {
    const script = `autoload -U compinit && compinit -u -D
source '${scripts.zsh}'
[[ \${_comps[qobra-imports]} == _qobra_imports ]] || { echo 'not registered'; exit 1; }
compadd() { while [[ $1 == -* && $1 != -- ]]; do [[ $1 == -V ]] && shift; shift; done; [[ $1 == -- ]] && shift; print -l -- "$@"; }
_files() { print -- '<files>'; }
words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}
_qobra_imports`;
    const out = execFileSync('zsh', ['-f', '-c', script], { env, encoding: 'utf8' });
    return out.split('\n').filter(Boolean);
  }

  it.each<[string[], string[]]>([
    [
      ['qobra-imports', ''],
      ['status', 'watch', 'errors', 'list', 'sandbox', 'auth', 'completion'],
    ],
    [
      ['qobra-imports', 'auth', ''],
      ['login', 'status', 'logout'],
    ],
    [
      ['qobra-imports', 'completion', ''],
      ['bash', 'zsh', 'fish'],
    ],
    [
      ['qobra-imports', 'status', ''],
      [NEWEST, OLDER, '@last'],
    ],
    [['qobra-imports', '--api-key-file', ''], ['<files>']],
  ])('%j → %j', (words, expected) => {
    expect(complete(...words)).toEqual(expected);
  });

  it('offers the flags of the command', () => {
    expect(complete('qobra-imports', 'list', '--')).toEqual(
      expect.arrayContaining(['--json', '--refresh', '--limit']),
    );
  });
});

describe.runIf(has('fish'))('fish', () => {
  function complete(line: string): string[] {
    const out = execFileSync(
      'fish',
      ['--no-config', '-c', `source '${scripts.fish}'; complete -C ${JSON.stringify(line)}`],
      {
        env,
        encoding: 'utf8',
      },
    );
    return out
      .split('\n')
      .filter(Boolean)
      .map((row) => row.split('\t')[0] ?? '');
  }

  it('offers every command --help lists', async () => {
    expect(complete('qobra-imports ').sort()).toEqual((await helpCommands()).sort());
  });

  it.each<[string, string[]]>([
    ['qobra-imports auth ', ['login', 'logout', 'status']],
    ['qobra-imports completion ', ['bash', 'fish', 'zsh']],
    ['qobra-imports status ', [NEWEST, OLDER, '@last'].sort()],
    ['qobra-imports errors --saf', ['--safe-csv']],
    ['qobra-imports auth status --no-h', ['--no-history']],
  ])('%j → %j', (line, expected) => {
    expect(complete(line).sort()).toEqual(expected.sort());
  });
});
