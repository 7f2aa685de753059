/** @module A scenario that cannot run against this target says so by throwing {@link SkipScenarioError}. */

/** Thrown (by the suite's machinery) when a scenario cannot run here; runners report it as skipped with the reason. */
export class SkipScenarioError extends Error {
  override readonly name = 'SkipScenarioError';
}

/** Whether `error` is a {@link SkipScenarioError}. */
export function isSkip(error: unknown): error is SkipScenarioError {
  return error instanceof Error && error.name === 'SkipScenarioError';
}
