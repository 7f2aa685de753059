/**
 * @module error-codes
 * The HTTP/2 error code registry (RFC 9113 §7), as an `as const` object.
 */

/** The error codes of RFC 9113 §7, carried by RST_STREAM and GOAWAY frames. */
export const ErrorCode = {
  /** RFC 9113 §7: not an error; e.g. a graceful GOAWAY. */
  NO_ERROR: 0x0,
  /** RFC 9113 §7: unspecific protocol error. */
  PROTOCOL_ERROR: 0x1,
  /** RFC 9113 §7: unexpected internal error. */
  INTERNAL_ERROR: 0x2,
  /** RFC 9113 §7: the peer violated the flow-control protocol. */
  FLOW_CONTROL_ERROR: 0x3,
  /** RFC 9113 §7: a SETTINGS frame was not acknowledged in time. */
  SETTINGS_TIMEOUT: 0x4,
  /** RFC 9113 §7: a frame arrived after the stream was half-closed. */
  STREAM_CLOSED: 0x5,
  /** RFC 9113 §7: a frame had an invalid size. */
  FRAME_SIZE_ERROR: 0x6,
  /** RFC 9113 §7: the stream was refused before any application processing; safe to retry. */
  REFUSED_STREAM: 0x7,
  /** RFC 9113 §7: the stream is no longer needed. */
  CANCEL: 0x8,
  /** RFC 9113 §7: the field section compression context could not be maintained (HPACK). */
  COMPRESSION_ERROR: 0x9,
  /** RFC 9113 §7: the connection of a CONNECT request was reset or abnormally closed. */
  CONNECT_ERROR: 0xa,
  /** RFC 9113 §7: the peer may be generating excessive load. */
  ENHANCE_YOUR_CALM: 0xb,
  /** RFC 9113 §7: the transport does not meet minimum security requirements (§9.2). */
  INADEQUATE_SECURITY: 0xc,
  /** RFC 9113 §7: HTTP/1.1 must be used instead of HTTP/2. */
  HTTP_1_1_REQUIRED: 0xd,
} as const;

/** The name of a registered error code, e.g. `'PROTOCOL_ERROR'`. */
export type ErrorCodeName = keyof typeof ErrorCode;

/** A registered error code value. Unknown codes received from a peer are plain numbers (RFC 9113 §7). */
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeName];

const NAMES: readonly ErrorCodeName[] = Object.keys(ErrorCode) as ErrorCodeName[];

/**
 * The registry name of `code`, or `'UNKNOWN_0x..'` for an unregistered one ("Unknown or unsupported error codes
 * MUST NOT trigger any special behavior", RFC 9113 §7).
 */
export function errorCodeName(code: number): string {
  const name = NAMES[code];
  return name !== undefined && ErrorCode[name] === code ? name : `UNKNOWN_0x${code.toString(16)}`;
}
