/** @module What a parsed PROXY protocol header says, and the parser's options. */

/** Address family of the proxied connection. `unspec`: v1 `UNKNOWN` or v2 `AF_UNSPEC` (no address given). */
export type ProxyFamily = 'inet' | 'inet6' | 'unix' | 'unspec';

/**
 * One end of the proxied connection: `[address, port]` for TCP (IPv6 in the canonical compressed form Node reports,
 * e.g. `::1`, `2001:db8::1`, `::ffff:1.2.3.4`), `[path, null]` for a Unix socket.
 */
export type ProxyAddress = readonly [address: string, port: number | null];

/** One v2 TLV (type-length-value) after the address block, undecoded (spec §2.2.x). */
export interface ProxyTlv {
  /** The type byte, e.g. `0x01` PP2_TYPE_ALPN, `0x02` PP2_TYPE_AUTHORITY. */
  readonly type: number;
  /** The value bytes (a copy). */
  readonly value: Uint8Array;
}

/** A complete, valid PROXY protocol header. */
export interface ProxyHeader {
  /** 1 for the text form, 2 for the binary form. */
  readonly version: 1 | 2;
  /**
   * `PROXY`: the addresses are the real client's; `LOCAL` (v2 only): the connection was made by the proxy itself
   * (e.g. a health check), use the socket's own peer (spec §2.2).
   */
  readonly command: 'PROXY' | 'LOCAL';
  /** Address family; `unspec` for LOCAL, v1 UNKNOWN and v2 AF_UNSPEC. */
  readonly family: ProxyFamily;
  /** The original client, or `null` when the header gives none (LOCAL, UNKNOWN, AF_UNSPEC). */
  readonly source: ProxyAddress | null;
  /** The address the client connected to (the proxy's), or `null` when the header gives none. */
  readonly destination: ProxyAddress | null;
  /** v2 TLVs in order (empty for v1 and LOCAL). */
  readonly tlvs: readonly ProxyTlv[];
  /** Length of the header in bytes, counted from the first byte fed: what follows belongs to the next protocol. */
  readonly consumed: number;
}

/** Limits of {@link ProxyHeaderParser}. */
export interface ProxyParserOptions {
  /** Most bytes of v2 TLVs accepted after the address block; more is `PROXY_TOO_LONG`. Default 1024. */
  maxTlvBytes?: number;
}

/** The parser needs more bytes before it can tell. */
export const MORE = 'more';
