// Runs the built binary on a real pseudo terminal (util-linux `script`) of a given size, as a user's
// terminal runs it: stdout and stderr are the terminal, and a Ctrl-C typed into it is a real SIGINT
// from the terminal driver to the CLI.
import { spawn } from 'node:child_process';
import { displayWidth } from '../../src/render/text-width.js';
import { BIN, TEST_KEY } from './harness.js';

export interface PtyRun {
  code: number | null;
  /** Everything the terminal received, `\r\n` and escape codes included. */
  output: string;
}

export interface PtyOptions {
  env?: Record<string, string>;
  columns?: number;
  rows?: number;
  /** A hang guard, not a speed test: the run is killed and the test fails after this long. */
  timeoutMs?: number;
  /** Called with all output so far on each chunk; returning true types Ctrl-C into the terminal once. */
  ctrlCWhen?: (output: string) => boolean;
}

const quote = (arg: string): string => `'${arg.replaceAll("'", `'\\''`)}'`;

export function runInPty(args: readonly string[], options: PtyOptions = {}): Promise<PtyRun> {
  const { columns = 100, rows = 40, timeoutMs = 20_000 } = options;
  const command = `stty cols ${columns} rows ${rows}; exec ${quote(process.execPath)} ${[BIN, ...args].map(quote).join(' ')}`;
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: '/nonexistent-home',
    XDG_CONFIG_HOME: '/nonexistent-config',
    TZ: 'UTC',
    TERM: 'xterm-256color',
    QOBRA_API_KEY: TEST_KEY,
    QOBRA_IMPORTS_NO_HISTORY: '1',
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    // -e: exit with the CLI's code; -f: flush as it comes; -q: no banner.
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`qobra-imports ${args.join(' ')} on a terminal did not end within ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (!typed && options.ctrlCWhen?.(output)) {
        typed = true;
        // Stop reading a moment, so the CLI is still busy (its terminal full) when the Ctrl-C lands.
        child.stdout.pause();
        child.stdin.write('\u0003');
        setTimeout(() => child.stdout.resume(), 300);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The lines as the terminal shows them: escape codes gone, a cursor sent to column 1 starting a line. */
export function screenLines(output: string): string[] {
  return output
    .replace(/\u001b\[1?G/g, '\n')
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .split(/\r?\n|\r/);
}

/**
 * The widest line the terminal was sent. With `talk: false`, the CLI's own messages on stderr
 * (`qobra-imports: …`, sentences the terminal wraps like any text) are left out: what is measured is
 * what the renderers drew, which must never rely on the terminal wrapping it.
 */
export function widestLine(output: string, { talk = true } = {}): number {
  const lines = screenLines(output).filter((line) => talk || !line.startsWith('qobra-imports: '));
  return Math.max(0, ...lines.map((line) => displayWidth(line)));
}
