// Bundles the CLI for fast start-up (a benchmark checks it: `npm run bench`):
// - one CommonJS file: no ES module loader, no per-chunk resolution, builtins loaded with require();
// - code that only some paths need (chalk, cli-table3, ora, the sandbox) sits in lazy wrappers that
//   are compiled but never evaluated on the `--json` path;
// - V8's code cache for the bundle is written beside it (see src/boot/load-cli.ts);
// - modules that got loads but that we never use are replaced by stand-ins (see scripts/stubs/).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

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

await build({
  entryPoints: { cli: 'src/cli.ts', demo: 'src/demo.ts', 'load-cli': 'src/boot/load-cli.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20.19',
  define: { __VERSION__: JSON.stringify(version) },
  // Whitespace and syntax only: identifiers stay readable in --verbose stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [noChildProcessForCommander],
  alias: {
    // got loads these at start-up but only uses them for options we never set (http2, cache, dnsCache).
    'http2-wrapper': './scripts/stubs/http2-wrapper.mjs',
    'cacheable-request': './scripts/stubs/cacheable-request.mjs',
    'cacheable-lookup': './scripts/stubs/cacheable-lookup.mjs',
  },
});

// In a fresh process, as at run time, so the cache matches what `bin/` will compile.
execFileSync(process.execPath, ['-e', "require('./dist/load-cli.cjs').writeCodeCache()"], {
  stdio: 'inherit',
});
