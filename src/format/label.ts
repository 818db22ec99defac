/** The words for where an import or a data table stands. */

/**
 * "finished with errors", "finished", "started", or "paused (unknown status)". Takes the outcome
 * as a plain string (the model's Outcome fits) so that this floor stays below the model.
 */
export function outcomeLabel(summary: { status: string; statusKnown: boolean; outcome: string }): string {
  if (summary.outcome === 'failed') return 'finished with errors';
  return statusLabel(summary.status, summary.statusKnown);
}

export function statusLabel(status: string, known: boolean): string {
  return known ? status : `${status} (unknown status)`;
}
