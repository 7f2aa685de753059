/**
 * Sans-IO HPACK, the header compression of HTTP/2 (RFC 7541).
 *
 * {@link HpackEncoder} turns header lists into header blocks and {@link HpackDecoder} turns header blocks back
 * into header lists; each keeps the dynamic table of one direction of one connection. Header names and values
 * are latin1 "byte strings" (one char per octet). No I/O, no Node APIs: just `Uint8Array`s.
 *
 * Decoding errors ({@link HpackDecodingError}) are fatal for the connection: answer them with a connection error
 * of type COMPRESSION_ERROR (RFC 9113 §4.3).
 *
 * @module @tsgi/hpack
 */
export { HpackDecoder } from './decoder.js';
export type { HeaderSink, HpackDecoderOptions } from './decoder.js';
export { HpackEncoder } from './encoder.js';
export type { HpackEncoderOptions } from './encoder.js';
export { HpackDecodingError, HpackEncodingError, HpackError, isHpackError } from './errors.js';
export type { HpackDecodingErrorCode, HpackEncodingErrorCode, HpackErrorCode } from './errors.js';
export { defaultIndexingPolicy, indexAll, SHORT_COOKIE_LENGTH } from './indexing-policy.js';
export type { IndexingMode, IndexingPolicy } from './indexing-policy.js';
export type { HuffmanMode } from './string-literal.js';
export type { SharedBlock } from './bytes.js';
export { ENTRY_OVERHEAD, entrySize } from './dynamic-table.js';
export { STATIC_TABLE, STATIC_TABLE_LENGTH } from './static-table.js';
export { DEFAULT_TABLE_SIZE } from './options.js';
