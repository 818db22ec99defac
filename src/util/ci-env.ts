/** Which CI system runs us, from the variables its runner sets. */
import type { Env } from './env.js';

/** GitHub's runner sets GITHUB_ACTIONS=true in every step. */
export const inGithubActions = (env: Env): boolean => env.GITHUB_ACTIONS === 'true';
