/**
 * @module errors
 * The error classes of `@tsgi/h2`. Peer misbehaviour is either a connection error (GOAWAY, RFC 9113
 * §5.4.1) or a stream error (RST_STREAM, §5.4.2), kept apart as in Go's x/net/http2; caller misuse is an H2LocalError.
 */
import { errorCodeName } from './error-codes.js';

/** Stable string codes of {@link H2Error}: `H2_<RFC 9113 error name>` for peer errors, `H2_LOCAL_*` for misuse. */
export type H2ErrorCode =
  | `H2_${string}_ERROR`
  | 'H2_NO_ERROR'
  | 'H2_ENHANCE_YOUR_CALM'
  | 'H2_HTTP_1_1_REQUIRED'
  | 'H2_LOCAL_BAD_STATE' // the call is not valid in the stream's or connection's current state
  | 'H2_LOCAL_UNKNOWN_STREAM' // no such stream (never opened by the peer, or already forgotten)
  | 'H2_LOCAL_INVALID_HEADER' // outgoing header list breaks RFC 9113 §8 (the core refuses to send it)
  | 'H2_LOCAL_INVALID_OPTION' // a settings or limits option out of range
  | 'H2_LOCAL_CLOSED'; // the connection is closed (after a connection error or a GOAWAY with an error code)

/** Base class of every error this package defines; test `code`, a stable string. */
export class H2Error extends Error {
  /** Stable machine-readable code, e.g. `'H2_PROTOCOL_ERROR'` or `'H2_LOCAL_BAD_STATE'`. */
  readonly code: H2ErrorCode;
  /** @param code stable code; @param message detail; @param options `cause` passed through. */
  constructor(code: H2ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'H2Error';
  }
}

function peerCode(errorCode: number): H2ErrorCode {
  return `H2_${errorCodeName(errorCode)}` as H2ErrorCode;
}

/**
 * The peer broke a rule that affects the whole connection (RFC 9113 §5.4.1): the core queues GOAWAY with
 * `errorCode` and reports a `'connection-error'` event. Internal: thrown by the frame handlers, caught by the
 * connection.
 */
export class H2ConnectionError extends H2Error {
  /** RFC 9113 §7 error code sent in the GOAWAY. */
  readonly errorCode: number;
  /** @param errorCode RFC 9113 error code; @param message detail. */
  constructor(errorCode: number, message: string, options?: { cause?: unknown }) {
    super(peerCode(errorCode), message, options);
    this.errorCode = errorCode;
    this.name = 'H2ConnectionError';
  }
}

/**
 * The peer broke a rule that affects one stream only (RFC 9113 §5.4.2): the core queues RST_STREAM with
 * `errorCode` and reports a `'stream-error'` event. Internal, like {@link H2ConnectionError}.
 */
export class H2StreamError extends H2Error {
  /** The stream to reset. */
  readonly streamId: number;
  /** RFC 9113 §7 error code sent in the RST_STREAM. */
  readonly errorCode: number;
  /** @param streamId stream; @param errorCode RFC 9113 error code; @param message detail. */
  constructor(streamId: number, errorCode: number, message: string) {
    super(peerCode(errorCode), message);
    this.streamId = streamId;
    this.errorCode = errorCode;
    this.name = 'H2StreamError';
  }
}

/** The caller misused the API (bad state, bad header list, bad option). Thrown from the public methods. */
export class H2LocalError extends H2Error {
  /** @param code one of the `H2_LOCAL_*` codes; @param message detail. */
  constructor(
    code: 'H2_LOCAL_BAD_STATE' | 'H2_LOCAL_UNKNOWN_STREAM' | 'H2_LOCAL_INVALID_HEADER' | 'H2_LOCAL_INVALID_OPTION' | 'H2_LOCAL_CLOSED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.name = 'H2LocalError';
  }
}
