// Bundle the CLI so start-up reads a few files instead of hundreds of node_modules files.
// Code splitting keeps rendering packages (chalk, cli-table3, ora) out of the --json path.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { cli: 'src/cli.ts', ...(existsSync('src/demo.ts') ? { demo: 'src/demo.ts' } : {}) },
  define: { __VERSION__: JSON.stringify(version) },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Whitespace and syntax only: identifiers stay readable in --verbose stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
  // got loads these at start-up but only uses them for options we never set (http2, cache); stand-ins
  // that throw if ever used save ~20 ms on every run. See scripts/stubs/.
  alias: {
    'http2-wrapper': './scripts/stubs/http2-wrapper.mjs',
    'cacheable-request': './scripts/stubs/cacheable-request.mjs',
  },
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __qiCreateRequire } from 'node:module'; const require = __qiCreateRequire(import.meta.url);",
  },
});
