/** Turns the API client's events into stderr talk: retries always (people should know why it waits), the rest with --verbose. */
import type { ApiEvent } from '../api/client.js';
import { formatDuration } from '../format/time.js';
import { renderRetryAfterNote } from '../render/retry-after-note.js';
import { sanitize } from '../render/sanitize.js';
import type { Talk } from './talk.js';

export function apiEventPrinter(talk: Talk, verbose: boolean): (event: ApiEvent) => void {
  return (event) => {
    if (event.type === 'retry') {
      const wait = formatDuration(event.delayMs);
      const why = renderRetryAfterNote(event.retryAfter, event.retryAfterAskedMs);
      talk.tell(
        `import ${sanitize(event.importId)}: ${sanitize(event.reason)}; retrying in ${wait}${why} (attempt ${event.attempt + 1} of ${event.maxAttempts})`,
      );
    } else if (verbose && event.type === 'request') {
      talk.tell(`GET ${sanitize(event.url)} (attempt ${event.attempt}, X-API-Key: ***)`);
    } else if (verbose && event.type === 'response') {
      talk.tell(
        `HTTP ${event.status} for import ${sanitize(event.importId)}, ${event.bytes} bytes in ${formatDuration(event.elapsedMs)}`,
      );
    }
  };
}
