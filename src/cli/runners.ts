/**
 * The real command implementations, each imported on first use: start-up is benchmarked, and a run
 * of `status --json` must not load the watch views, the errors exporters or the sandbox.
 */
import type { CommandRunners } from './cli-deps.js';

export const lazyCommandRunners: CommandRunners = {
  async status(options, deps) {
    const { runStatus } = await import('../commands/status.js');
    return runStatus(options, deps);
  },
  async watch(options, deps) {
    const { runWatch } = await import('../commands/watch.js');
    return runWatch(options, deps);
  },
  async errors(options, deps) {
    const { runErrors } = await import('../commands/errors.js');
    return runErrors(options, deps);
  },
  async list(options, deps) {
    const { runList } = await import('../commands/list.js');
    return runList(options, deps);
  },
  async authLogin(options, deps) {
    const { runAuthLogin } = await import('../commands/auth.js');
    return runAuthLogin(options, deps);
  },
  async authStatus(options, deps) {
    const { runAuthStatus } = await import('../commands/auth.js');
    return runAuthStatus(options, deps);
  },
  async authLogout(options, deps) {
    const { runAuthLogout } = await import('../commands/auth.js');
    return runAuthLogout(options, deps);
  },
  async completion(options, deps) {
    const { runCompletion } = await import('../commands/completion.js');
    return runCompletion(options, deps);
  },
  async sandbox(options, deps) {
    const { runSandbox } = await import('../commands/sandbox.js');
    return { exitCode: await runSandbox(options, deps) };
  },
};
