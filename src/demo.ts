/**
 * `npm run demo`: the main job with no account, key or network. Starts the sandbox in-process,
 * watches a progressing import to the end, then shows the rejected rows of one that failed, running
 * the real CLI (`main`) against it exactly as a user would from a shell.
 */

import { processDeps } from './cli/process-deps.js';
import { main } from './cli.js';
import { extendDeps } from './deps.js';
import { SCENARIO_IDS } from './sandbox/plans.js';
import { startSandbox } from './sandbox/server.js';

async function runDemo(): Promise<number> {
  const { deps, dispose } = processDeps();
  const sandbox = await startSandbox({ port: 0 });
  const env = { ...deps.env, QOBRA_BASE_URL: sandbox.url, QOBRA_API_KEY: 'demo-key' };

  const say = (text: string) => deps.stderr.write(`\n${text}\n`).catch(() => {});

  async function step(explanation: string, argv: string[]): Promise<number> {
    await say(`${explanation}\n$ qobra-imports ${argv.join(' ')}`);
    const code = await main(argv, extendDeps(deps, { env }));
    await say(`(exit code ${code})`);
    return code;
  }

  let exitCode = 0;
  try {
    await say(
      `Sandbox running at ${sandbox.url} (a fake of Qobra's API on this machine; see \`qobra-imports sandbox\`).`,
    );
    const watched = await step('1. Follow an import live until it finishes (about 20 seconds):', [
      'watch',
      SCENARIO_IDS.clean,
    ]);
    if (watched >= 124) exitCode = watched;
    else {
      const errors = await step('2. An import that rejected rows: what went wrong, grouped, then the rows:', [
        'errors',
        SCENARIO_IDS.parseErrors,
        '--limit',
        '15',
      ]);
      // Rejected rows are the expected outcome of this scenario: the demo itself succeeded.
      exitCode = errors === 1 ? 0 : errors;
      await say(
        'Next: `qobra-imports sandbox` serves these scenarios for you to try every command; `qobra-imports --help` lists them.',
      );
    }
  } finally {
    await sandbox.close();
    dispose();
  }
  return exitCode;
}

// CommonJS bundle: no top-level await.
runDemo().then((code) => {
  process.exitCode = code;
});
