/**
 * What `main()` needs beyond the commands' Deps: how to reach the API and which implementation runs
 * each command. Both are injected, so a test runs the real command line against a fake API, or
 * records the options each command receives; process-deps.ts passes the real ones.
 */
import type { AuthDeps, AuthStatusOptions } from '../commands/auth.js';
import type { CommandDeps, CommandResult } from '../commands/command.js';
import type { CompletionOptions } from '../commands/completion.js';
import type { ErrorsOptions } from '../commands/errors.js';
import type { ListDeps, ListOptions } from '../commands/list.js';
import type { SandboxCommandOptions } from '../commands/sandbox.js';
import type { StatusOptions } from '../commands/status.js';
import type { WatchOptions } from '../commands/watch.js';
import type { Deps } from '../deps.js';
import type { Talk } from '../output/talk.js';
import type { CompletionSpec } from '../render/completion-spec.js';
import type { Connection, ConnectionOptions } from './connect.js';

/** Resolves base URL and key and builds the API client (the real one is `connect` in connect.ts). */
export type Connect = (options: ConnectionOptions, deps: Deps, talk: Talk) => Promise<Connection>;

/** The command implementations by name; the real ones load each command's module on first use. */
export interface CommandRunners {
  status(options: StatusOptions, deps: CommandDeps): Promise<CommandResult>;
  watch(options: WatchOptions, deps: CommandDeps): Promise<CommandResult>;
  errors(options: ErrorsOptions, deps: CommandDeps): Promise<CommandResult>;
  /** Connects only for --refresh. */
  list(options: ListOptions, deps: ListDeps): Promise<CommandResult>;
  authLogin(options: Record<string, never>, deps: AuthDeps): Promise<CommandResult>;
  authStatus(options: AuthStatusOptions, deps: AuthDeps): Promise<CommandResult>;
  authLogout(options: Record<string, never>, deps: Deps): Promise<CommandResult>;
  completion(options: CompletionOptions, deps: Deps & { spec: CompletionSpec }): Promise<CommandResult>;
  /** Needs no API: it serves a fake one. */
  sandbox(options: SandboxCommandOptions, deps: Deps): Promise<CommandResult>;
}

export interface CliDeps extends Deps {
  connect: Connect;
  commands: CommandRunners;
}
