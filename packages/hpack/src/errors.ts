/** @module The errors of the HPACK codec: one base class with a stable `code`, one subclass per direction. */

/**
 * Stable codes of {@link HpackDecodingError}. Every one of them is fatal for the connection: the decoder's dynamic
 * table may be out of step with the peer's encoder, so the caller MUST treat it as a connection error of type
 * COMPRESSION_ERROR (RFC 9113 §4.3) and stop using the decoder.
 */
export type HpackDecodingErrorCode =
  /** An index of 0, or past the end of the static and dynamic tables (RFC 7541 §2.3.3, §6.1). */
  | 'HPACK_INVALID_INDEX'
  /** The decoded list exceeds `maxHeaderListSize`, counted as RFC 9113 §6.5.2 does. */
  | 'HPACK_HEADER_LIST_TOO_LARGE'
  /** The decoded list has more fields than `maxFieldCount`. */
  | 'HPACK_TOO_MANY_FIELDS'
  /** Bad Huffman data: padding over 7 bits, padding not all ones, or the EOS symbol (RFC 7541 §5.2). */
  | 'HPACK_BAD_HUFFMAN'
  /** An integer past 2^31-1, or encoded with more continuation octets than such a value needs (RFC 7541 §5.1). */
  | 'HPACK_INTEGER_OVERFLOW'
  /** The block ends inside an integer or a string literal. */
  | 'HPACK_TRUNCATED'
  /** A dynamic table size update that is not at the start of the block, exceeds the limit, or is missing (§4.2). */
  | 'HPACK_TABLE_SIZE_UPDATE'
  /** `decode()` was called again after a decoding error. */
  | 'HPACK_DECODER_FAILED';

/** Stable codes of {@link HpackEncodingError}. */
export type HpackEncodingErrorCode =
  /** A name or value has a character above U+00FF: header strings are byte strings, one char per octet. */
  'HPACK_INVALID_STRING';

/** Any stable code of an {@link HpackError}. */
export type HpackErrorCode = HpackDecodingErrorCode | HpackEncodingErrorCode;

/** Base class of the errors this package throws for bad input; test `code` rather than the prototype. */
export class HpackError extends Error {
  /** The class name; each subclass overrides it. */
  override readonly name: string = 'HpackError';
  /** Stable machine-readable code, always starting with `HPACK_`; see {@link HpackErrorCode}. */
  readonly code: HpackErrorCode;
  constructor(code: HpackErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A header block could not be decoded. Fatal for the connection: the caller turns it into a connection error of
 * type COMPRESSION_ERROR (RFC 7541 §2.1 / RFC 9113 §4.3) and discards the decoder.
 */
export class HpackDecodingError extends HpackError {
  /** Always `"HpackDecodingError"`. */
  override readonly name: string = 'HpackDecodingError';
  /** What went wrong; see {@link HpackDecodingErrorCode}. */
  declare readonly code: HpackDecodingErrorCode;
  /** Offset in the block at which the error was detected. */
  readonly offset: number;
  constructor(code: HpackDecodingErrorCode, message: string, offset: number) {
    super(code, `${message} (at octet ${offset})`);
    this.offset = offset;
  }
}

/** A header list could not be encoded; the encoder's state is unchanged and it can still be used. */
export class HpackEncodingError extends HpackError {
  /** Always `"HpackEncodingError"`. */
  override readonly name: string = 'HpackEncodingError';
  /** What went wrong; see {@link HpackEncodingErrorCode}. */
  declare readonly code: HpackEncodingErrorCode;
  constructor(code: HpackEncodingErrorCode, message: string) {
    super(code, message);
  }
}

/** `true` when `error` is an {@link HpackError} (from any copy of this package: it checks `code`). */
export function isHpackError(error: unknown): error is HpackError {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('HPACK_');
}
