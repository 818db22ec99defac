// Bundles the CLI for fast start-up (a benchmark checks it: `npm run bench`):
// - one CommonJS file: no ES module loader, no per-chunk resolution, builtins loaded with require();
// - code that only some paths need (chalk, the table renderers, the sandbox) sits in lazy wrappers that
//   are compiled but never evaluated on the `--json` path;
// - a code cache for Node 20 is written beside the bundle (see src/boot/load-cli.ts);
// - modules that got loads but that we never use are replaced by stand-ins (see scripts/stubs/).
// The bundle holds every runtime dependency, so the package installs none (the build checks it).
//
// `node scripts/build.mjs --demo` builds the `npm run demo` bundle instead, outside dist/ (which is
// what the package ships), in node_modules/.cache/ where build tools keep what a clone can rebuild.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const demo = process.argv.includes('--demo');
const outdir = demo ? 'node_modules/.cache/qobra-imports-demo' : 'dist';
rmSync(new URL(`../${outdir}`, import.meta.url), { recursive: true, force: true });

// commander requires child_process at load time (~5 ms) for "executable subcommands", which we do not use.
const noChildProcessForCommander = {
  name: 'no-child-process-for-commander',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'stub' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        "module.exports = { spawn() { throw new Error('executable subcommands are not supported'); } };",
      loader: 'js',
    }));
  },
};

// got imports node:https and node:tls at load time, but only calls into them for an https:// URL:
// for got alone, hand it stand-ins that load the real modules on first use (~8 ms less for every run
// that makes no TLS connection, such as --help, usage errors and plain-http servers; an https request
// loads them then, so it costs the same as before).
// Each stand-in is an ES module: a name got imports that it does not export fails the build, and the
// default object throws on any member it lacks (see strictModule), so a got upgrade that needs more
// cannot silently get `undefined`. The HTTPS end-to-end tests go through these stand-ins.
const LAZY_TLS_FOR_GOT = {
  'node:https': `export default strictModule('node:https', {
    get request() { return require('node:https').request; },
    get Agent() { return require('node:https').Agent; },
    get globalAgent() { return require('node:https').globalAgent; },
  });`,
  'node:tls': `export const checkServerIdentity = (...args) => require('node:tls').checkServerIdentity(...args);
  export default strictModule('node:tls', { checkServerIdentity });`,
  // got only uses crypto to label each request for diagnostics_channel subscribers (we have none);
  // a random id needs no cryptographic strength, and node:crypto costs ~3 ms to load.
  'node:crypto': `export const randomUUID = () => 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
  export default strictModule('node:crypto', { randomUUID });`,
};
const lazyTlsForGot = {
  name: 'lazy-tls-for-got',
  setup(builder) {
    builder.onResolve({ filter: /^node:(https|tls|crypto)$/ }, (args) =>
      /[\\/]got[\\/]/.test(args.importer) ? { path: args.path, namespace: 'lazy-tls' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'lazy-tls' }, (args) => ({
      contents: `import { strictModule } from './scripts/stubs/strict-module.mjs';\n${LAZY_TLS_FOR_GOT[args.path]}`,
      resolveDir: projectRoot,
      loader: 'js',
    }));
  },
};

// @sindresorhus/is (a got dependency) builds two Intl.ListFormat objects at load time, only to word
// its assertion messages; the first Intl object initialises ICU, ~11 ms on every run. Build them on
// first use instead. The build fails if the source changes shape, so an upgrade cannot skip this.
const lazyListFormatInIs = {
  name: 'lazy-list-format-in-is',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const eager = /const (andFormatter|orFormatter) = new Intl\.ListFormat\(([^;]*)\);/g;
      const patched = source.replace(eager, (_, name, options) => {
        return `let ${name}Instance; const ${name} = { format: (list) => (${name}Instance ??= new Intl.ListFormat(${options})).format(list) };`;
      });
      if ((source.match(eager) ?? []).length !== 2)
        throw new Error(`${args.path}: Intl.ListFormat patch no longer applies`);
      return { contents: patched, loader: 'js' };
    });
  },
};

// hpagent names an https:// proxy in TLS's SNI (servername) even when the proxy is an IP address;
// Node 26 refuses that outright (ERR_INVALID_ARG_VALUE), so HTTPS_PROXY=https://10.0.0.1:3128 could
// never work there. SNI carries host names only: leave it out for an IP, as curl does. The build
// fails if the source changes shape, so an upgrade cannot skip this.
const noIpServernameInHpagent = {
  name: 'no-ip-servername-in-hpagent',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]hpagent[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const assignment = 'requestOptions.servername = this.proxy.hostname';
      const count = source.split(assignment).length - 1;
      if (count !== 2) throw new Error(`${args.path}: the servername patch no longer applies`);
      const patched = source.replaceAll(
        assignment,
        `if (!require('node:net').isIP(this.proxy.hostname)) ${assignment}`,
      );
      return { contents: patched, loader: 'js' };
    });
  },
};

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const result = await build({
  // Paths below (entry points, aliases) are relative to the project, wherever the build is run from.
  absWorkingDir: projectRoot,
  entryPoints: demo ? { demo: 'src/demo.ts' } : { cli: 'src/cli.ts', 'load-cli': 'src/boot/load-cli.ts' },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  define: {
    __VERSION__: JSON.stringify(version),
    // The Node that writes the shipped code cache below (a fresh process of this same binary).
    __BUILD_NODE__: JSON.stringify(`${process.version}-${process.arch}`),
  },
  // Whitespace and syntax only: identifiers stay readable in --verbose stack traces.
  // NO_MINIFY=1 npm run build keeps whitespace, for reading profiles.
  minifyWhitespace: !process.env.NO_MINIFY,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [noChildProcessForCommander, lazyTlsForGot, lazyListFormatInIs, noIpServernameInHpagent],
  alias: {
    // got loads these at start-up but only uses them for options we never set (http2, cache, dnsCache).
    'http2-wrapper': './scripts/stubs/http2-wrapper.mjs',
    'cacheable-request': './scripts/stubs/cacheable-request.mjs',
    'cacheable-lookup': './scripts/stubs/cacheable-lookup.mjs',
  },
});

// The package declares no dependencies: anything the bundle would require() at run time besides
// Node's own modules would be missing once installed.
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  const missing = output.imports.filter((entry) => entry.external && !builtins.has(entry.path));
  if (missing.length > 0) {
    throw new Error(`${file} would load ${missing.map((entry) => entry.path).join(', ')} from node_modules`);
  }
}

// Node 20 only: Node >= 22.1 keeps its own compile cache (src/boot/load-cli.ts), so a build run there
// ships none. In a fresh process, as at run time, and without NODE_OPTIONS: V8 rejects a cache made
// under other flags (--max-old-space-size…), and the shipped one is for plain runs.
const { enableCompileCache } = await import('node:module');
if (!demo && typeof enableCompileCache !== 'function') {
  const loader = fileURLToPath(new URL('../dist/load-cli.cjs', import.meta.url));
  const { NODE_OPTIONS: _, ...env } = process.env;
  execFileSync(process.execPath, ['-e', `require(${JSON.stringify(loader)}).writeCodeCache()`], {
    stdio: 'inherit',
    env,
  });
}
