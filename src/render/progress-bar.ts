/** A progress bar is a string function of a percentage and a width. */

const FULL = '█';
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const EMPTY = '░';

/** Clamps to 0..100; null, NaN and other non-numbers count as unknown. */
export function clampPercent(percent: number | null | undefined): number | undefined {
  if (typeof percent !== 'number' || Number.isNaN(percent)) return undefined;
  return Math.min(100, Math.max(0, percent));
}

/** Unicode bar `width` cells wide, eighth-cell resolution; unknown progress is drawn empty. */
export function renderProgressBar(percent: number | null | undefined, width: number): string {
  const clamped = clampPercent(percent) ?? 0;
  const eighths = Math.round((clamped / 100) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = PARTIAL[eighths % 8] ?? '';
  const filled = FULL.repeat(full) + partial;
  return filled + EMPTY.repeat(Math.max(0, width - full - (partial ? 1 : 0)));
}

/** "42%", or "?" when unknown; whole numbers unless the API sent a fraction below 100. */
export function formatPercent(percent: number | null | undefined): string {
  const clamped = clampPercent(percent);
  if (clamped === undefined) return '?';
  if (Number.isInteger(clamped)) return `${clamped}%`;
  // Never round an unfinished 99.96 up to a finished-looking 100.0.
  return `${(Math.floor(clamped * 10) / 10).toFixed(1)}%`;
}
