/** A progress bar is a string function of a percentage and a width. */
import { clampPercent } from '../format/number.js';

const FULL = '█';
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const EMPTY = '░';

/** Unicode bar `width` cells wide, eighth-cell resolution; unknown progress is drawn empty. */
export function renderProgressBar(percent: number | null | undefined, width: number): string {
  const clamped = clampPercent(percent) ?? 0;
  const eighths = Math.round((clamped / 100) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = PARTIAL[eighths % 8] ?? '';
  const filled = FULL.repeat(full) + partial;
  return filled + EMPTY.repeat(Math.max(0, width - full - (partial ? 1 : 0)));
}
