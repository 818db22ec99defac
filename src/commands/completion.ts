/** `completion bash|zsh|fish`: prints the completion script for that shell. */
import type { Deps } from '../deps.js';
import { renderBashCompletion } from '../render/completion-bash.js';
import { renderFishCompletion } from '../render/completion-fish.js';
import type { CompletionSpec } from '../render/completion-spec.js';
import { renderZshCompletion } from '../render/completion-zsh.js';
import type { CommandResult } from './command.js';

export type Shell = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly Shell[] = ['bash', 'zsh', 'fish'];

export interface CompletionOptions {
  shell: Shell;
}

const RENDERERS: Record<Shell, (spec: CompletionSpec) => string> = {
  bash: renderBashCompletion,
  zsh: renderZshCompletion,
  fish: renderFishCompletion,
};

export async function runCompletion(
  options: CompletionOptions,
  deps: Deps & { spec: CompletionSpec },
): Promise<CommandResult> {
  await deps.stdout.write(RENDERERS[options.shell](deps.spec));
  return { exitCode: 0 };
}
