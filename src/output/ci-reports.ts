/**
 * Writes the CI reports once a command has ended, whatever its outcome: the JUnit file, GitHub
 * Actions' job summary and workflow commands, then the summary JSON (last, so its exit code
 * counts a report that could not be written). Every report is attempted; the first failure to
 * write is thrown afterwards (exit 74).
 */
import type { Deps } from '../deps.js';
import { EXIT, mostSeriousExitCode, OutputWriteError, PipeClosedError } from '../errors.js';
import type { ImportReport } from '../model/import-report.js';
import { renderWorkflowCommands } from '../render/github-commands.js';
import { renderStepSummary } from '../render/github-summary.js';
import { jsonLine } from '../render/json.js';
import { renderJunit } from '../render/junit.js';
import { renderSummaryJson } from '../render/summary-json.js';
import { inGithubActions } from '../util/ci-env.js';
import { appendToFile, writeFileAtomically } from './atomic-file.js';

/** The report flags of a command (present only when one was given). */
export interface ReportOptions {
  /** --junit FILE */
  junit?: string;
  /** --summary-json FILE, or `-` for stderr. */
  summaryJson?: string;
  /** false with --no-ci-report: no GitHub Actions summary or workflow commands. */
  ciReport: boolean;
}

/** What the writer needs to know of the run besides its imports. */
export interface RunFacts {
  exitCode: number;
  /** stdout carries an export (--json, --csv): workflow commands then go to stderr. */
  exports: boolean;
}

type ReportDeps = Pick<Deps, 'stdout' | 'stderr' | 'env' | 'now'>;

/** Writes every report asked for; returns the exit code, raised to 74 if one could not be written. */
export async function writeCiReports(
  options: ReportOptions,
  reports: readonly ImportReport[],
  run: RunFacts,
  deps: ReportDeps,
): Promise<{ exitCode: number; failure?: OutputWriteError }> {
  let failure: OutputWriteError | undefined;
  const attempt = async (write: () => Promise<void>): Promise<void> => {
    try {
      await write();
    } catch (error) {
      // The reader of a stream went away: not a failure to write a report.
      if (error instanceof PipeClosedError) return;
      if (!(error instanceof OutputWriteError)) throw error;
      failure ??= error;
    }
  };
  const { junit, summaryJson } = options;
  if (junit !== undefined) await attempt(() => writeFileAtomically(junit, renderJunit(reports, deps.now())));
  if (options.ciReport && inGithubActions(deps.env)) {
    const summaryFile = deps.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) await attempt(() => appendToFile(summaryFile, renderStepSummary(reports)));
    const commands = renderWorkflowCommands(reports);
    const stream = run.exports ? deps.stderr : deps.stdout;
    if (commands) await attempt(() => stream.write(commands));
  }
  const exitCode = failure ? mostSeriousExitCode([run.exitCode, EXIT.io]) : run.exitCode;
  if (summaryJson !== undefined) {
    const json = renderSummaryJson(exitCode, reports);
    await attempt(() =>
      summaryJson === '-'
        ? deps.stderr.write(jsonLine(json, deps.stderr.isTTY))
        : writeFileAtomically(summaryJson, `${json}\n`),
    );
  }
  if (failure) return { exitCode: mostSeriousExitCode([exitCode, EXIT.io]), failure };
  return { exitCode };
}
