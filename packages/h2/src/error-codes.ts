/**
 * @module error-codes
 * The HTTP/2 error code registry (RFC 9113 §7), as an `as const` object.
 */

/** The error codes of RFC 9113 §7, carried by RST_STREAM and GOAWAY frames. */
export const ErrorCode = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
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
