/** @module The extensions mechanism: what a server advertises in `scope.extensions`. */

/**
 * Extensions a server supports for this scope, keyed by name; each value is an object (often empty) with the
 * extension's own details. An app MUST NOT send an extension's messages unless its key is present
 * (spec: EXT-ADVERTISED). Names below are reserved; their text comes with later spec versions.
 */
export interface Extensions {
  /** Reserved: `http.response.trailers` (trailers after the body). */
  readonly 'http.response.trailers'?: Readonly<Record<string, unknown>>;
  /** Reserved: `http.response.pathsend` (the server sends a named file). */
  readonly 'http.response.pathsend'?: Readonly<Record<string, unknown>>;
  /** Reserved: `http.response.earlyHints` (103 before the response). */
  readonly 'http.response.earlyHints'?: Readonly<Record<string, unknown>>;
  /** Reserved: `tls` (details of the TLS connection; present only on TLS connections). */
  readonly tls?: Readonly<Record<string, unknown>>;
  /** Any other extension; names with a dot-separated vendor prefix (`x-vendor.name`) are free to use. */
  readonly [name: string]: Readonly<Record<string, unknown>> | undefined;
}
