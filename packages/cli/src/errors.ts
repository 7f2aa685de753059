/** @module The CLI's error: a message for the user and a stable `code`. */

/** A failure the CLI reports in one line and exits 1 for (2 for usage errors). */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
