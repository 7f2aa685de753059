/** @module The TLS settings every HTTPS listener of this repository uses, whatever server it belongs to. */

/**
 * TLS 1.2 or later (RFC 9113 §9.2) and ALPN offering `h2` first, then `http/1.1` (RFC 7301, RFC 9113 §3.2):
 * spread into `tls.createServer()` options beside the certificate.
 */
export const TLS_SERVER_POLICY = Object.freeze({
  minVersion: 'TLSv1.2' as const,
  ALPNProtocols: ['h2', 'http/1.1'],
});
