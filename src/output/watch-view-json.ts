/**
 * `watch --json`: one NDJSON line, the API's document untouched, each time an import changes; the
 * final state is therefore each import's last line. Nothing else reaches stdout; retries and
 * failures are talk on stderr. With --quiet, only the final state of each import.
 */

import type { JsonText } from '../api/import-document.js';
import { renderErrorLines } from '../render/error-message.js';
import { jsonLinePieces } from '../render/json.js';
import { renderRecoveredLine, renderRetryLine } from '../render/watch-lines.js';
import type { WatchState } from '../watch/state.js';
import type { ViewDeps, WatchView } from './watch-view.js';
import { writeLines } from './write-lines.js';

export function createJsonView(state: WatchState, deps: ViewDeps, options: { quiet: boolean }): WatchView {
  const writeLine = (raw: JsonText) =>
    writeLines(deps.stdout, jsonLinePieces(raw, deps.stdout.isTTY), (piece) => piece);
  return {
    async update(event) {
      if (event.type === 'failed') {
        await deps.stderr.write(renderErrorLines(event.error)).catch(() => {});
        return;
      }
      if (options.quiet) return;
      if (event.type === 'retry') deps.talk.say(renderRetryLine(event));
      if (event.type !== 'snapshot') return;
      if (event.recoveredAfterMs !== undefined)
        deps.talk.say(renderRecoveredLine(event.id, event.at, event.recoveredAfterMs));
      if (event.changed) await writeLine(event.fetched.raw);
    },
    async say(text) {
      deps.talk.say(text);
    },
    async close() {},
    async finish() {
      if (!options.quiet) return;
      for (const watch of state.imports) if (watch.latest) await writeLine(watch.latest.raw);
    },
  };
}
