/**
 * `qobra-imports sandbox`: serve the fake imports API until Ctrl-C. The address and scenario list
 * go to stdout (a script can read the URL from the first line); the request log and the
 * "press Ctrl-C" line are talk, so they go to stderr.
 */
import type { Deps } from '../deps.js';
import { EXIT, QiError } from '../errors.js';
import { sanitize } from '../render/sanitize.js';
import { type Sandbox, startSandbox } from '../sandbox/server.js';

export interface SandboxCommandOptions {
  port: number;
  host: string;
}

/** The text printed on start: URL, how to point the CLI at it, and the scenario imports. */
export function renderSandboxIntro(sandbox: Pick<Sandbox, 'url' | 'scenarios'>): string {
  const nameWidth = Math.max(...sandbox.scenarios.map((scenario) => scenario.name.length));
  const rows = sandbox.scenarios.map(
    (scenario) => `  ${scenario.id}  ${scenario.name.padEnd(nameWidth)}  ${scenario.description}`,
  );
  return [
    `Qobra sandbox listening on ${sandbox.url}`,
    '',
    'Point the CLI at it (any non-empty key is accepted):',
    `  export QOBRA_BASE_URL=${sandbox.url} QOBRA_API_KEY=anything`,
    '',
    'Scenario imports (time runs from the first request for each id):',
    ...rows,
    '',
    `Record ingestion: POST ${sandbox.url}/tables/{companies|opportunities|users}/records/bulk`,
    '',
  ].join('\n');
}

/** Waits for the signal; resolves at once when it has already fired. */
function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Serves until `deps.signal` aborts (Ctrl-C); returns the exit code the abort carries, else 130. */
export async function runSandbox(options: SandboxCommandOptions, deps: Deps): Promise<number> {
  const sandbox = await startSandbox({
    port: options.port,
    host: options.host,
    now: deps.now,
    onRequest: ({ method, path, status }) => {
      // The path comes from whoever connected: escape it like any outside text. Logging is best
      // effort: a closed stderr must not stop the server.
      const line = `${sanitize(method)} ${sanitize(path)} ${status === 0 ? 'dropped' : status}\n`;
      deps.stderr.write(line).catch(() => {});
    },
  });
  try {
    await deps.stdout.write(renderSandboxIntro(sandbox));
    // Talk, best effort: a failing stderr must not stop the server (a failing stdout does: the URL is lost).
    await deps.stderr.write('Press Ctrl-C to stop.\n').catch(() => {});
    await aborted(deps.signal);
  } finally {
    await sandbox.close();
  }
  return exitCodeOf(deps.signal.reason);
}

/**
 * deps.ts documents the reason as the exit code, while the process deps abort with a QiError
 * carrying it (143 for SIGTERM): honour both, and fall back to 130.
 */
function exitCodeOf(reason: unknown): number {
  if (typeof reason === 'number') return reason;
  if (reason instanceof QiError) return reason.exitCode;
  return EXIT.interrupted;
}
