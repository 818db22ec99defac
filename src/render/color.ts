/**
 * Colour is decided once, from flags, environment and the stream, then passed around as a chalk
 * instance (never the global one). Precedence: --color/--no-color > FORCE_COLOR > NO_COLOR >
 * TERM=dumb > is the stream a terminal (FORCE_COLOR beats NO_COLOR, as in Node itself).
 */
import type { ChalkInstance } from 'chalk';
import type { Env } from '../util/env.js';

export function colorEnabled(flag: boolean | undefined, env: Env, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/** A chalk instance at basic 16-colour level, or one that adds no escape codes at all. */
export async function makeChalk(enabled: boolean): Promise<ChalkInstance> {
  const { Chalk } = await import('chalk');
  return new Chalk({ level: enabled ? 1 : 0 });
}
