/**
 * Sans-IO parser of the HAProxy PROXY protocol header, versions 1 (text) and 2 (binary), as described in
 * https://www.haproxy.org/download/2.6/doc/proxy-protocol.txt: a proxy sends it first on each connection so the
 * server learns the real client address. Bytes in, the header and the bytes after it out. No I/O, no timers, no
 * Promises.
 *
 * @module @tsgi/proxy-protocol
 */
export { ProxyHeaderParser, parseProxyHeader, DEFAULT_MAX_TLV_BYTES, type ProxyParseResult } from './parser.js';
export { MORE, type ProxyHeader, type ProxyAddress, type ProxyFamily, type ProxyTlv, type ProxyParserOptions } from './header.js';
export { ProxyProtocolError, type ProxyProtocolErrorCode } from './errors.js';
export { V1_MAX_BYTES } from './v1.js';
export { V2_SIGNATURE } from './v2.js';
