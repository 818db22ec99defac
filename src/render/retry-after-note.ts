/** How a retry credits the server's Retry-After, without claiming it asked for a wait it did not. */
import { formatDuration } from '../format/time.js';

/**
 * ", as the server's Retry-After asks" when the server's wait is the one made, or
 * " (the cap: the server's Retry-After asked for 1h 00m)" when it asked for longer than we wait.
 */
export function renderRetryAfterNote(retryAfter: boolean, askedMs?: number): string {
  if (!retryAfter) return '';
  if (askedMs !== undefined)
    return ` (the cap: the server's Retry-After asked for ${formatDuration(askedMs)})`;
  return ", as the server's Retry-After asks";
}
