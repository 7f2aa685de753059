/** @module The one error class of `@tsgi/proxy-protocol` and its stable codes. */

/** Stable codes of {@link ProxyProtocolError}: what was wrong with the bytes. */
export type ProxyProtocolErrorCode =
  | 'PROXY_BAD_SIGNATURE' // the first bytes are neither "PROXY " (v1) nor the 12-byte v2 signature
  | 'PROXY_BAD_V1' // a v1 line that breaks the grammar (spec §2.1)
  | 'PROXY_BAD_V2' // a v2 header that breaks the format (spec §2.2): bad family, short address block, bad TLV
  | 'PROXY_TOO_LONG' // v1 over 107 bytes, or v2 TLVs over the configured limit
  | 'PROXY_UNSUPPORTED'; // a valid-looking header we do not serve: v2 version nibble other than 2, a command
// other than LOCAL/PROXY, or a datagram (UDP) transport on a stream listener

/** A PROXY protocol header is malformed, missing, too long or not supported; the connection must be closed. */
export class ProxyProtocolError extends Error {
  /** Always `"ProxyProtocolError"`. */
  override readonly name = 'ProxyProtocolError';
  constructor(
    /** Stable machine-readable code. */
    readonly code: ProxyProtocolErrorCode,
    message: string,
  ) {
    super(message);
  }
}
