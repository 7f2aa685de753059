/** @module The CLI's error: a message for the user and a stable `code`. */

/** A failure the CLI reports in one line and exits 1 for (2 for usage errors). */
export class CliError extends Error {
  /** Always `"CliError"`. */
  override readonly name = 'CliError';
  /**
   * @param code Stable machine-readable code, `TSGI_CLI_*` (e.g. `TSGI_CLI_USAGE`, `TSGI_CLI_NO_FILE`).
   * @param message One line for the user.
   * @param cause The underlying error, if any.
   */
  constructor(
    readonly code: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
