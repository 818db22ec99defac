// The house's floors: every import in src/ points down (or within its own folder), so no two folders
// import each other and a newcomer can tell where a change goes. The README's layout tells the same.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/**
 * Lowest first. A folder (or a file at the top of src/) may import from the floors below its own,
 * never from its own floor's neighbours or from above.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['errors.ts', 'util', 'values', 'format'], // error types and exit codes; helpers; value types; words
  ['api', 'config', 'sandbox'], // the one HTTP client and its schemas; flags and files; the fake API
  ['deps.ts', 'model'], // the injected outside world; facts about an import
  ['history'], // the local history of looked-up imports: its file, entries and @last references
  ['watch'], // the poller and what a watch knows
  ['render'], // data to strings
  ['output'], // strings to streams: views, talk, line streaming
  ['commands'], // one file per command
  ['cli'], // the wiring: flag definitions and parsers, connecting, process deps, lazy command runners
  ['cli.ts'], // the entry point
  ['demo.ts', 'boot'], // what runs the entry point
];

const floorOf = new Map(FLOORS.flatMap((units, floor) => units.map((unit) => [unit, floor] as const)));

/** The folder a source file lives in, or its own name for a file at the top of src/. */
const unitOf = (file: string): string => file.split(sep)[0] ?? file;

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : [];
  });
}

/** Every module specifier a file names: static imports, re-exports and lazy `import()`s. */
function specifiers(text: string): string[] {
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*'([^']+)'/g)];
  const lazy = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)];
  const bare = [...text.matchAll(/(?:^|\n)\s*import\s*'([^']+)'/g)];
  return [...found, ...lazy, ...bare].map((match) => match[1] ?? '');
}

interface Edge {
  file: string;
  from: string;
  to: string;
  spec: string;
}

const files = sourceFiles();
const edges: Edge[] = files.flatMap((file) => {
  const text = readFileSync(join(SRC, file), 'utf8');
  return specifiers(text)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => {
      const target = normalize(join(dirname(file), spec));
      return { file, from: unitOf(file), to: unitOf(target), spec };
    })
    .filter((edge) => edge.from !== edge.to);
});

describe('floors of src/', () => {
  it('places every folder and top-level file on a floor', () => {
    const units = new Set(files.map(unitOf));
    expect([...units].filter((unit) => !floorOf.has(unit))).toEqual([]);
  });

  it('finds the imports it checks (the parser has not gone blind)', () => {
    expect(edges.some((e) => e.from === 'commands' && e.to === 'output')).toBe(true);
    expect(edges.some((e) => e.from === 'commands' && e.spec.startsWith('../output/watch-view-'))).toBe(true);
  });

  it('imports only downwards', () => {
    const upwards = edges
      .filter((edge) => (floorOf.get(edge.to) ?? -1) >= (floorOf.get(edge.from) ?? -1))
      .map((edge) => `${edge.file} imports ${edge.spec} (${edge.to} is not below ${edge.from})`);
    expect(upwards).toEqual([]);
  });

  it('has no two folders importing each other', () => {
    const pairs = new Set(edges.map((edge) => `${edge.from} -> ${edge.to}`));
    const loops = [...pairs].filter((pair) => pairs.has(pair.split(' -> ').reverse().join(' -> ')));
    expect(loops).toEqual([]);
  });

  it('lets only src/api/ import got', () => {
    const users = files.filter((file) =>
      specifiers(readFileSync(join(SRC, file), 'utf8')).some((spec) => spec === 'got'),
    );
    expect(users.map(unitOf)).toEqual(['api']);
  });

  it('keeps commands/ for commands (each exports its runX) and their shared types (command.ts)', () => {
    const others = files
      .filter((file) => unitOf(file) === 'commands' && !file.endsWith(`${sep}command.ts`))
      .filter((file) => !/\nexport async function run[A-Z]\w*\(/.test(readFileSync(join(SRC, file), 'utf8')));
    expect(others).toEqual([]);
  });
});
