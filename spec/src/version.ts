/** @module Interface and protocol versions a server of this package's release speaks. */

/** The core interface version: the callable, scopes, `receive`/`send` and the error rules. */
export const TSGI_VERSION = '1.0' as const;
/** Version of the `http` protocol text (messages and scope keys). */
export const HTTP_SPEC_VERSION = '1.2' as const;
/** Version of the `lifespan` protocol text. */
export const LIFESPAN_SPEC_VERSION = '1.1' as const;

/** The `tsgi` key of every scope: which interface version and which protocol text the server implements. */
export interface TsgiVersionInfo {
  /** Core interface version, `"MAJOR.MINOR"`. A server of 1.x only adds to 1.0 (spec: VERSION-MINOR-ADDITIVE). */
  readonly version: string;
  /** Version of the protocol text for this scope's `type`, `"MAJOR.MINOR"`. */
  readonly specVersion: string;
}
