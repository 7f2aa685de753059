/**
 * @module errors
 * The error classes of `@tsgi/h1` and their stable `code` strings. Every error this package throws is an
 * {@link H1Error}; a peer that breaks the protocol yields an {@link H1RemoteProtocolError} (with the HTTP status a
 * server should answer with in `statusHint`), a caller that misuses the API an {@link H1LocalProtocolError}.
 */

/** Stable codes of {@link H1RemoteProtocolError}: what the peer got wrong. */
export type H1RemoteErrorCode =
  | 'H1_BAD_REQUEST_LINE' // request line structure (extra/missing spaces, too many leading empty lines)
  | 'H1_BAD_METHOD' // method is not a token (RFC 9112 §3.1)
  | 'H1_BAD_TARGET' // request-target has a CTL, space or byte >= 0x80 (RFC 9112 §3.2)
  | 'H1_BAD_VERSION' // malformed HTTP-version (RFC 9112 §2.3)
  | 'H1_VERSION_NOT_SUPPORTED' // HTTP/0.x or HTTP/2+ on an HTTP/1 connection (505)
  | 'H1_BAD_STATUS_LINE' // malformed status line (client role, RFC 9112 §4)
  | 'H1_REQUEST_LINE_TOO_LONG' // 414
  | 'H1_HEADER_TOO_LARGE' // 431, header section bytes
  | 'H1_TOO_MANY_HEADERS' // 431, header field count
  | 'H1_BARE_CR' // CR not followed by LF (RFC 9112 §2.2)
  | 'H1_BARE_LF' // LF not preceded by CR: rejected, see grammar.ts (RFC 9112 §2.2 MAY accept; we do not)
  | 'H1_OBS_FOLD' // line folding (RFC 9112 §5.2)
  | 'H1_BAD_HEADER_LINE' // field line without a colon
  | 'H1_BAD_HEADER_NAME' // field name not a token (RFC 9110 §5.1)
  | 'H1_WHITESPACE_BEFORE_COLON' // RFC 9112 §5.1
  | 'H1_BAD_HEADER_VALUE' // CTL (other than HTAB) or NUL in a field value (RFC 9110 §5.5)
  | 'H1_MISSING_HOST' // 1.1 request without Host (RFC 9112 §3.2)
  | 'H1_DUPLICATE_HOST' // more than one Host (RFC 9112 §3.2)
  | 'H1_CONFLICTING_FRAMING' // both Content-Length and Transfer-Encoding (RFC 9112 §6.3)
  | 'H1_BAD_CONTENT_LENGTH' // not 1*DIGIT, a list, or too big for a safe integer (RFC 9112 §6.3)
  | 'H1_DUPLICATE_CONTENT_LENGTH' // more than one Content-Length field, even if equal
  | 'H1_BAD_TRANSFER_ENCODING' // Transfer-Encoding syntax (empty element, parameters, not a token)
  | 'H1_TRANSFER_ENCODING_HTTP10' // Transfer-Encoding in a 1.0 message (RFC 9112 §6.1)
  | 'H1_CHUNKED_NOT_LAST' // final transfer coding is not chunked (RFC 9112 §6.3)
  | 'H1_CHUNKED_TWICE' // chunked applied more than once (RFC 9112 §6.1)
  | 'H1_UNSUPPORTED_TRANSFER_CODING' // 501 (RFC 9112 §6.1)
  | 'H1_BODY_TOO_LARGE' // 413
  | 'H1_BAD_CHUNK_SIZE' // chunk-size not 1..16 HEXDIG, or over 2^53-1 (RFC 9112 §7.1)
  | 'H1_BAD_CHUNK_EXTENSION' // chunk-ext syntax (RFC 9112 §7.1.1)
  | 'H1_CHUNK_EXTENSION_TOO_LARGE' // over maxChunkExtensionBytes (400)
  | 'H1_BAD_CHUNK_END' // chunk-data not followed by CRLF (RFC 9112 §7.1)
  | 'H1_TRAILER_TOO_LARGE' // 431, trailer section bytes
  | 'H1_INCOMPLETE'; // EOF in the middle of a message

/** Stable codes of {@link H1LocalProtocolError}: how the caller misused the API. */
export type H1LocalErrorCode =
  | 'H1_BAD_STATE' // the call is not valid in the current state
  | 'H1_INVALID_STATUS' // status not a 3-digit integer, or 101 (protocol switching is not supported)
  | 'H1_INVALID_HEADER' // outgoing header name not a token, or value with CR/LF/NUL/char > 0xFF
  | 'H1_INVALID_REQUEST' // outgoing method not a token or target not visible ASCII
  | 'H1_BAD_CONTENT_LENGTH' // outgoing content-length not one valid value
  | 'H1_LENGTH_OVER' // more body bytes written than content-length
  | 'H1_LENGTH_UNDER' // writeEnd with fewer body bytes than content-length
  | 'H1_BODY_NOT_ALLOWED' // (client) body bytes for a request without framing headers
  | 'H1_DATA_AFTER_EOF'; // receiveData after EOF was signalled

/** Every code an {@link H1Error} can carry. */
export type H1ErrorCode = H1RemoteErrorCode | H1LocalErrorCode;

/** Base class of every error thrown by `@tsgi/h1`; `code` is a stable string. */
export class H1Error extends Error {
  /** Stable machine-readable code, e.g. `'H1_BAD_REQUEST_LINE'`. */
  readonly code: H1ErrorCode;
  /** @param code stable code; @param message human-readable detail. */
  constructor(code: H1ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'H1Error';
  }
}

/** The peer broke the protocol. `statusHint` is the status a server should answer with (400, 413, 414, 431, 501, 505). */
export class H1RemoteProtocolError extends H1Error {
  /** HTTP status code suggested for the error response. */
  readonly statusHint: number;
  /** @param code stable code; @param statusHint suggested status; @param message detail. */
  constructor(code: H1RemoteErrorCode, statusHint: number, message: string) {
    super(code, message);
    this.statusHint = statusHint;
    this.name = 'H1RemoteProtocolError';
  }
}

/** The caller misused the API (wrong state, invalid outgoing header, body longer than declared, ...). */
export class H1LocalProtocolError extends H1Error {
  /** @param code stable code; @param message detail. */
  constructor(code: H1LocalErrorCode, message: string) {
    super(code, message);
    this.name = 'H1LocalProtocolError';
  }
}

/** Shorthand: a 400 {@link H1RemoteProtocolError}. */
export function badRequest(code: H1RemoteErrorCode, message: string): H1RemoteProtocolError {
  return new H1RemoteProtocolError(code, 400, message);
}
