/** @module The server's errors: one base class with a stable string `code`. */

/** Base class of every error the reference server raises itself. */
export class ServerError extends Error {
  /** The class name; each subclass overrides it. */
  override readonly name: string = 'ServerError';
  constructor(
    /** Stable machine-readable code, e.g. `TSGI_SERVER_LISTEN`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Lifespan startup failed (spec: LIFESPAN-STARTUP-FAILED, LIFESPAN-STARTUP-ERROR); `serve()` rejects with it. */
export class StartupFailedError extends ServerError {
  /** Always `"StartupFailedError"`. */
  override readonly name = 'StartupFailedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('TSGI_SERVER_STARTUP_FAILED', `application startup failed: ${message}`, options);
  }
}

/** The listening socket could not be opened (port in use, permission denied, bad address). */
export class ListenError extends ServerError {
  /** Always `"ListenError"`. */
  override readonly name = 'ListenError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('TSGI_SERVER_LISTEN', message, options);
  }
}

/** Options given to `serve()` are invalid. */
export class OptionsError extends ServerError {
  /** Always `"OptionsError"`. */
  override readonly name = 'OptionsError';
  constructor(message: string) {
    super('TSGI_SERVER_OPTIONS', message);
  }
}
