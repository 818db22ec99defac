/**
 * "Did you mean …?" for a name typed by hand: the known names closest to it by edit distance, so a
 * typo (`oportunities`) points at what exists instead of silently matching nothing.
 */

/** Levenshtein distance (insertions, deletions, substitutions), one row of the table at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The known names close enough to `typed` to be what was meant, nearest first: within a third of the
 * longer name's length (at least 1), compared without regard to case.
 */
export function closestNames(typed: string, known: readonly string[]): string[] {
  const wanted = typed.toLowerCase();
  return known
    .map((name) => ({ name, distance: editDistance(wanted, name.toLowerCase()) }))
    .filter(
      ({ name, distance }) => distance <= Math.max(1, Math.floor(Math.max(name.length, typed.length) / 3)),
    )
    .sort((x, y) => x.distance - y.distance)
    .map(({ name }) => name);
}
