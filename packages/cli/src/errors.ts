/** @module The CLI's error: a message for the user and a stable `code`. */

/** A failure the CLI reports in one line and exits 1 for (2 for usage errors). */
export class CliError extends Error {
  /** Always `"CliError"`. */
  override readonly name = 'CliError';
  /**
   * @param code Stable machine-readable code, `TSGI_CLI_*`: `TSGI_CLI_USAGE` (a bad command line, exit 2),
   *   `TSGI_CLI_ENV` (a bad `TSGI_*` variable), `TSGI_CLI_CONFIG` (a config file missing, failing or wrong),
   *   `TSGI_CLI_VALUE` (a value that does not fit, before it is tied to its source), `TSGI_CLI_TLS`,
   *   `TSGI_CLI_NO_FILE`, `TSGI_CLI_LOAD`, `TSGI_CLI_NO_EXPORT`, `TSGI_CLI_NOT_AN_APP`.
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
