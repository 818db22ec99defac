// The package as users get it: `npm pack`, install the tarball into an empty prefix with production
// dependencies only (offline: the bundle must need nothing from the registry), then run the installed
// `qobra-imports` against its own sandbox, on this Node and on every Node binary given.
// Usage: node scripts/ci/package-test.mjs [NODE_BINARY...]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nodes = [process.execPath, ...process.argv.slice(2)];
const SHIPPED = [
  'README.md',
  'bin/package.json',
  'bin/qobra-imports.js',
  'dist/cli.cjs',
  'dist/load-cli.cjs',
  'package.json',
];
// The code cache the build writes for its own Node (others keep their own, see src/boot/v8-cache.ts).
const OPTIONAL = ['dist/cli.cjs.v8-cache'];
const ID = { documented: '647a13fe875af4b4eb7133c2', parseErrors: '64b0c1ea0000000000000002' };

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(
    `${ok ? 'ok' : 'FAILED'} - ${name}${ok || !detail ? '' : `\n  ${detail.replaceAll('\n', '\n  ')}`}`,
  );
}

const work = mkdtempSync(join(tmpdir(), 'qobra-imports-package-'));
try {
  // `npm pack` runs `prepare`, so the tarball holds a fresh build, as a published one would.
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  const files = packed.files.map((file) => file.path).sort();
  const unexpected = files.filter((file) => !SHIPPED.includes(file) && !OPTIONAL.includes(file));
  check(
    'the tarball holds the bundle, its loader, the bin and nothing else',
    unexpected.length === 0 && SHIPPED.every((file) => files.includes(file)),
    `files: ${files.join(', ')}`,
  );

  const prefix = join(work, 'prefix');
  const install = spawnSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--omit=dev',
      '--offline',
      '--no-audit',
      '--no-fund',
      join(work, packed.filename),
    ],
    { encoding: 'utf8' },
  );
  check('installs offline with production dependencies only', install.status === 0, install.stderr);
  const installed = join(prefix, 'lib', 'node_modules', 'qobra-imports');
  check('installs no dependency (the bundle holds them all)', !existsSync(join(installed, 'node_modules')));
  const bin = join(prefix, 'bin', 'qobra-imports');
  check('puts qobra-imports on the PATH of the prefix', existsSync(bin));

  for (const node of nodes) await checkInstalledCli(bin, node, join(work, 'home'));

  const { bytes, count } = du(installed);
  console.log(
    `installed package: ${(bytes / 1024).toFixed(0)} KiB in ${count} files (tarball ${(packed.size / 1024).toFixed(0)} KiB)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

/** Runs the installed command (its `#!/usr/bin/env node` line finds `node` first on PATH). */
async function checkInstalledCli(bin, node, home) {
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const env = {
    PATH: `${dirname(node)}:${process.env.PATH}`,
    HOME: home,
    QOBRA_API_KEY: 'anything',
  };
  const run = (args, extraEnv = {}) =>
    spawnSync(bin, args, { env: { ...env, ...extraEnv }, encoding: 'utf8', timeout: 30_000 });
  const on = `on Node ${nodeVersion}`;

  const versionRun = run(['--version']);
  check(
    `--version ${on}`,
    versionRun.status === 0 && versionRun.stdout.trim() === version,
    versionRun.stderr,
  );

  const sandbox = spawn(bin, ['sandbox', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => sandbox.on('exit', (code) => resolve(code)));
  try {
    const banner = await firstLines(sandbox, 20);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(banner)?.[1];
    check(
      `sandbox prints its URL and scenario ids ${on}`,
      Boolean(url) && banner.includes(ID.documented),
      banner,
    );
    if (!url) return;
    const api = { QOBRA_BASE_URL: url };

    const json = run(['status', ID.documented, '--json'], api);
    const document = safeParse(json.stdout);
    check(
      `status --json: the documented import, exit 1 ${on}`,
      json.status === 1 && document?.data_import?.id === ID.documented && json.stderr === '',
      `exit ${json.status}\n${json.stdout}${json.stderr}`,
    );
    const human = run(['status', ID.documented], api);
    check(
      `status (piped): plain lines, exit 1 ${on}`,
      human.status === 1 && human.stdout.startsWith(`import ${ID.documented}: finished with errors, 100%\n`),
      `exit ${human.status}\n${human.stdout}${human.stderr}`,
    );
    const rows = run(['errors', ID.parseErrors, '--json'], api);
    const lines = rows.stdout.split('\n').filter(Boolean);
    check(
      `errors --json: 382 rejected rows, exit 1 ${on}`,
      rows.status === 1 &&
        lines.length === 382 &&
        lines.every((line) => safeParse(line)?.import_id === ID.parseErrors),
      `exit ${rows.status}, ${lines.length} lines\n${rows.stderr}`,
    );
    const watch = run(['watch', ID.documented, '--json'], api);
    check(`watch of a finished import returns at once, exit 1 ${on}`, watch.status === 1, watch.stderr);
    const missing = run(['status', 'ffffffffffffffffffffffff', '--json'], api);
    check(
      `an unknown id: exit 3 and the JSON error document ${on}`,
      missing.status === 3 &&
        safeParse(missing.stderr.trimEnd().split('\n').at(-1))?.error?.code === 'not_found',
      `exit ${missing.status}\n${missing.stderr}`,
    );
    const noKey = run(['status', ID.documented], { ...api, QOBRA_API_KEY: '' });
    check(
      `no API key: exit 2 ${on}`,
      noKey.status === 2 && noKey.stderr.includes('no API key'),
      noKey.stderr,
    );
  } finally {
    sandbox.kill('SIGINT');
    check(`sandbox stops on Ctrl-C with exit 130 ${on}`, (await exited) === 130);
  }
}

function firstLines(child, count) {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(text), 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      text += chunk;
      if (text.split('\n').length > count) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.on('exit', () => resolve(text));
  });
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function du(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return { bytes: stat.size, count: 1 };
  let bytes = 0;
  let count = 0;
  for (const entry of readdirSync(path)) {
    const sub = du(join(path, entry));
    bytes += sub.bytes;
    count += sub.count;
  }
  return { bytes, count };
}
