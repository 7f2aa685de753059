/** @module The extensions mechanism: what a server advertises in `scope.extensions`. */

/**
 * Extensions a server supports for this scope, keyed by name; each value is an object (often empty) with the
 * extension's own details. An app MUST NOT send an extension's messages unless its key is present
 * (spec: EXT-ADVERTISED). The names below are defined by the spec (`tls` is reserved for a later version).
 */
export interface Extensions {
  /** Trailers after the body: `HttpResponseTrailersMessage` (spec: EXT-TRAILERS-*). */
  readonly 'http.response.trailers'?: Readonly<Record<string, unknown>>;
  /** The server sends a named file: `HttpResponsePathsendMessage` (spec: EXT-PATHSEND-*). */
  readonly 'http.response.pathsend'?: Readonly<Record<string, unknown>>;
  /** 103 Early Hints before the response: `HttpResponseEarlyHintsMessage` (spec: EXT-EARLYHINTS-*). */
  readonly 'http.response.earlyHints'?: Readonly<Record<string, unknown>>;
  /** Reserved: `tls` (details of the TLS connection; present only on TLS connections). */
  readonly tls?: Readonly<Record<string, unknown>>;
  /** Any other extension; names with a dot-separated vendor prefix (`x-vendor.name`) are free to use. */
  readonly [name: string]: Readonly<Record<string, unknown>> | undefined;
}
