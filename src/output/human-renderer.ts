/**
 * Picks the human view once per command: box tables and colour on a terminal, plain lines in a pipe.
 * chalk and the table renderers are imported only here, so `--json` never pays for loading them.
 */
import type { ChalkInstance } from 'chalk';
import type { Deps } from '../deps.js';
import type { ImportSummary } from '../model/summary.js';
import { colorEnabled, makeChalk } from '../render/color.js';
import { type PlainColors, renderStatusPlain } from '../render/status-plain.js';

export interface HumanRenderer {
  /** True when stdout is a terminal (tables, bars). */
  terminal: boolean;
  /** True when the terminal can move its cursor (live redraws): not on `TERM=dumb`. */
  cursor: boolean;
  chalk: ChalkInstance;
  columns: number;
  status(summary: ImportSummary): string;
}

export async function createHumanRenderer(
  options: { color?: boolean },
  deps: Pick<Deps, 'stdout' | 'env'>,
): Promise<HumanRenderer> {
  const { stdout, env } = deps;
  const chalk = await makeChalk(colorEnabled(options.color, env, stdout.isTTY));
  const columns = stdout.columns > 0 ? stdout.columns : 100;
  if (!stdout.isTTY) {
    // Colour in a pipe only when asked for (`--color`, FORCE_COLOR): a chalk at level 0 adds nothing.
    const colors: PlainColors = {
      outcome: (summary) =>
        summary.outcome === 'succeeded'
          ? chalk.green
          : summary.outcome === 'failed'
            ? chalk.red
            : chalk.yellow,
      error: chalk.red,
    };
    return {
      terminal: false,
      cursor: false,
      chalk,
      columns,
      status: (summary) => renderStatusPlain(summary, colors),
    };
  }
  const { renderStatusTerminal } = await import('../render/status-terminal.js');
  return {
    terminal: true,
    cursor: env.TERM !== 'dumb',
    chalk,
    columns,
    status: (summary) => renderStatusTerminal(summary, { chalk, columns }),
  };
}
