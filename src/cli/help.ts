/**
 * Help text beyond commander's: the exit codes scripts branch on (one topic, `help exit-codes`, the
 * same table as the README's), where the configuration comes from, and each command's examples.
 */
import { PROGRAM } from '../format/talk-line.js';

/** The exit codes and their meaning, worded as the README's table (a test compares the two). */
export const EXIT_CODE_ROWS: readonly (readonly [code: string, meaning: string])[] = [
  ['0', 'finished, and no data table reported an error'],
  ['1', 'finished, and at least one data table reported an error'],
  [
    '2',
    'usage or configuration error: bad flag or argument, no API key, a key file over 64 KiB, plain http:// to another host, unusable import id; also HTTP 400/422 (the API said the input is invalid)',
  ],
  ['3', 'import not found (HTTP 404)'],
  ['4', 'API key missing or refused (HTTP 401/403)'],
  ['5', 'API unreachable or failing after retries: network, request timeout, 5xx, 429'],
  [
    '6',
    'unexpected response: not JSON, or not the documented shape (also used for internal errors, which say so)',
  ],
  ['8', 'still running (scheduled or started), for commands that do not wait'],
  ['74', 'the output could not be written (disk full, I/O error); a closed pipe (| head) is not this'],
  ['124', 'watch --timeout ran out before every import finished'],
  ['130', 'interrupted (Ctrl-C); 143 for SIGTERM'],
];

const PRECEDENCE = 'With several ids the most serious outcome wins: 130, 74, 2, 4, 3, 5, 6, 1, 124, 8, 0.';

/** The name of the help topic: `qobra-imports help exit-codes`. */
export const EXIT_CODES_TOPIC = 'exit-codes';

/** Words of `text` in lines of at most `width` columns (a longer word gets a line of its own, never cut). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** `help exit-codes`: the table wrapped to the terminal's width (80 columns when it is unknown). */
export function renderExitCodesTopic(columns: number): string {
  const width = Math.max(40, columns || 80);
  const indent = '  ';
  const gutter = 5;
  const rows = EXIT_CODE_ROWS.flatMap(([code, meaning]) =>
    wrapWords(meaning, width - indent.length - gutter).map(
      (line, index) => `${indent}${(index === 0 ? code : '').padEnd(gutter)}${line}`,
    ),
  );
  const precedence = wrapWords(PRECEDENCE, width - indent.length).map((line) => indent + line);
  return `Exit codes (the same for every command):\n${[...rows, ...precedence].join('\n')}\n`;
}

/** What each command's --help ends with: where the exit codes are, rather than the whole table again. */
export const SEE_EXIT_CODES = `\nExit codes: 0 ok, 1 rows rejected, 8 still running, others are failures;\nrun \`${PROGRAM} help ${EXIT_CODES_TOPIC}\` for the table.\n`;

/** Text appended to the program's --help: the exit codes and where the configuration comes from. */
export const EXIT_CODES_HELP = `
Exit codes (also: ${PROGRAM} help ${EXIT_CODES_TOPIC}):
${EXIT_CODE_ROWS.map(([code, meaning]) => `  ${code.padEnd(5)}${meaning}`).join('\n')}
  ${PRECEDENCE}

Configuration:
  API key   --api-key-file PATH (- for stdin) > QOBRA_API_KEY > $XDG_CONFIG_HOME/qobra-imports/credentials
            (default ~/.config/qobra-imports/credentials, must be chmod 600)
  Base URL  --base-url > QOBRA_BASE_URL > https://api.qobra.co/v1; plain http:// only to this machine
            (localhost, 127.x, ::1) unless --allow-insecure-http or QOBRA_ALLOW_INSECURE_HTTP=1
  Proxy     HTTPS_PROXY, HTTP_PROXY, NO_PROXY
  Colour    --color/--no-color > FORCE_COLOR > NO_COLOR > TERM=dumb > terminal detection

Try it without an account:  ${PROGRAM} sandbox   (then follow what it prints)
`;

/** Examples shown in each command's --help, by command name. */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  status: [
    `${PROGRAM} status 647a13fe875af4b4eb7133c2`,
    `${PROGRAM} status @last --json | jq .data_import.status`,
    `jq -r .import_id pushed.json | ${PROGRAM} status -`,
  ],
  watch: [
    `${PROGRAM} watch 647a13fe875af4b4eb7133c2`,
    `${PROGRAM} watch @last --timeout 30m --fail-fast`,
    `curl … | jq -r .import_id | ${PROGRAM} watch -`,
  ],
  errors: [
    `${PROGRAM} errors @last`,
    `${PROGRAM} errors 647a13fe875af4b4eb7133c2 --table opportunities --csv > rejected.csv`,
    `${PROGRAM} errors @last --json | jq -r .details | sort | uniq -c`,
  ],
  list: [`${PROGRAM} list`, `${PROGRAM} list --refresh --limit 5`],
  sandbox: [`${PROGRAM} sandbox --port 4010`],
  completion: [`${PROGRAM} completion bash > ~/.local/share/bash-completion/completions/${PROGRAM}`],
};

/** "Examples:" and the command's examples, indented as commander indents its sections. */
export function renderExamples(name: string): string {
  const examples = EXAMPLES[name];
  return examples ? `\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}\n` : '';
}
