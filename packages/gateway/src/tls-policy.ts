/** @module The TLS settings every HTTPS listener of this repository uses, whatever server it belongs to. */

/** What {@link TLS_SERVER_POLICY} sets in `tls.createServer()` options. */
export interface TlsServerPolicy {
  /** The oldest TLS version accepted: 1.2 (RFC 9113 §9.2). */
  readonly minVersion: 'TLSv1.2';
  /** ALPN protocols in order of preference: `h2` first, then `http/1.1` (RFC 7301, RFC 9113 §3.2). */
  readonly ALPNProtocols: string[];
}

/** Spread into `tls.createServer()` options beside the certificate. */
export const TLS_SERVER_POLICY: TlsServerPolicy = Object.freeze({
  minVersion: 'TLSv1.2',
  ALPNProtocols: ['h2', 'http/1.1'],
});
