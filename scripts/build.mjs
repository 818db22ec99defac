// Bundles the CLI for fast start-up (a benchmark checks it: `npm run bench`):
// - one CommonJS file: no ES module loader, no per-chunk resolution, builtins loaded with require();
// - code that only some paths need (chalk, the table renderers, the sandbox) sits in lazy wrappers that
//   are compiled but never evaluated on the `--json` path;
// - a code cache, made after representative runs, is written beside the bundle (see src/boot/);
// - modules that got loads but that we never use are replaced by stand-ins (see scripts/stubs/).
// The bundle holds every runtime dependency, so the package installs none (the build checks it).
//
// `node scripts/build.mjs --demo` builds the `npm run demo` bundle instead, outside dist/ (which is
// what the package ships), in node_modules/.cache/ where build tools keep what a clone can rebuild.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
// decompress-response (got's) imports node:zlib at load time (~1 ms) but only calls into it for a
// compressed response. Its zstd check (a function or not) follows process.versions.zstd, as got's
// Accept-Encoding does, so the two always agree.
const LAZY_ZLIB_FOR_DECOMPRESS = `const zlib = () => require('node:zlib');
export default strictModule('node:zlib', {
  createZstdDecompress: typeof process.versions.zstd === 'string' ? (...args) => zlib().createZstdDecompress(...args) : undefined,
  createBrotliDecompress: (...args) => zlib().createBrotliDecompress(...args),
  createInflateRaw: (...args) => zlib().createInflateRaw(...args),
  createUnzip: (...args) => zlib().createUnzip(...args),
});`;
const lazyZlibForDecompress = {
  name: 'lazy-zlib-for-decompress',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?zlib$/ }, (args) =>
      /[\\/]decompress-response[\\/]/.test(args.importer)
        ? { path: 'zlib', namespace: 'lazy-zlib' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'lazy-zlib' }, () => ({
      contents: `import { strictModule } from './scripts/stubs/strict-module.mjs';\n${LAZY_ZLIB_FOR_DECOMPRESS}`,
      resolveDir: projectRoot,
      loader: 'js',
    }));
  },
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
  plugins: [
    noChildProcessForCommander,
    lazyTlsForGot,
    lazyZlibForDecompress,
    lazyListFormatInIs,
    noIpServernameInHpagent,
  ],
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
  // The loader compiles the bundle with node:vm, where a dynamic import() of a Node module is an error
  // at run time ("A dynamic import callback was not specified"): import it statically instead.
  const dynamic = output.imports.filter((entry) => entry.external && entry.kind === 'dynamic-import');
  if (dynamic.length > 0) {
    throw new Error(
      `${file} imports ${dynamic.map((entry) => entry.path).join(', ')} with import(), which fails under node:vm`,
    );
  }
}

// The loader compiles the bundle as one CommonJS function (src/boot/v8-cache.ts): it is written wrapped
// here, so each run reads one string and compiles it as it is, instead of building a second 0.5 MB
// copy with the wrapper around it (which cost a garbage collection). The wrapper opens the first line,
// so line numbers in stack traces stay those of the bundle.
if (!demo) {
  const bundle = new URL(`../${outdir}/cli.cjs`, import.meta.url);
  const text = readFileSync(bundle, 'utf8');
  writeFileSync(bundle, `(function (exports, require, module, __filename, __dirname) {${text}\n})`);
}

// The code cache shipped beside the bundle (src/boot/v8-cache.ts), for plain runs of the Node that
// builds: written after representative runs, `status` and `status --json` against the bundle's own
// sandbox on a loopback port, so it holds what they compile (got's request path, commander's parser, the
// schemas), not only the top level. Fresh processes, as at run time, without NODE_OPTIONS: V8 rejects a
// cache made under other flags. Any other Node, or flags, keeps a cache of its own at run time.
if (!demo) await writeShippedCodeCache();

async function writeShippedCodeCache() {
  const scratch = mkdtempSync(join(tmpdir(), 'qobra-imports-build-'));
  const { NODE_OPTIONS: _, ...inherited } = process.env;
  const env = {
    PATH: inherited.PATH,
    HOME: scratch,
    XDG_CACHE_HOME: join(scratch, 'cache'),
    XDG_CONFIG_HOME: join(scratch, 'config'),
    XDG_STATE_HOME: join(scratch, 'state'),
    NO_PROXY: '*',
  };
  const bin = fileURLToPath(new URL('../bin/qobra-imports.js', import.meta.url));
  const sandbox = spawn(process.execPath, [bin, 'sandbox', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const baseUrl = await new Promise((resolve, reject) => {
      let text = '';
      sandbox.stdout.setEncoding('utf8').on('data', (chunk) => {
        text += chunk;
        const url = /listening on (http:\/\/\S+)/.exec(text)?.[1];
        if (url) resolve(url);
      });
      sandbox.on('exit', (code) => reject(new Error(`the sandbox exited (${code}) before listening`)));
    });
    const loader = fileURLToPath(new URL('../dist/load-cli.cjs', import.meta.url));
    // The path the start-up bench measures, and the human view of the same (piped, as in scripts).
    const runs = [
      ['status', '647a13fe875af4b4eb7133c2', '--json'],
      ['status', '647a13fe875af4b4eb7133c2'],
    ];
    const code = `require(${JSON.stringify(loader)}).writeCodeCache(${JSON.stringify(runs)})`;
    // The runs' exit code is the import's outcome (1: it failed), and what they tell on stderr is
    // theirs: neither is the build's business unless no cache came out of them.
    const writer = spawnSync(process.execPath, ['-e', code], {
      env: { ...env, QOBRA_API_KEY: 'build', QOBRA_BASE_URL: baseUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    if (!existsSync(new URL(`../${outdir}/cli.cjs.v8-cache`, import.meta.url))) {
      throw new Error(`the code cache was not written:\n${writer.stderr}`);
    }
  } finally {
    sandbox.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
}
