/**
 * @module events
 * What `receiveData()` reports, as a discriminated union on `type`.
 */

/** A complete request head (HEADERS + CONTINUATION, RFC 9113 §8.3.1) on a new stream. */
export interface RequestEvent {
  /** Discriminant: `'request'`. */
  readonly type: 'request';
  /** The client-initiated (odd) stream identifier the request opened. */
  readonly streamId: number;
  /** The `:method` pseudo-header value. */
  readonly method: string;
  /** The `:scheme` pseudo-header value; `''` for CONNECT (RFC 9113 §8.5 omits it). */
  readonly scheme: string;
  /** The `:authority` pseudo-header value, or `null` when absent. */
  readonly authority: string | null;
  /** The `:path` pseudo-header value; `''` for CONNECT (RFC 9113 §8.5 omits it). */
  readonly path: string;
  /** Regular fields, lowercase, in order; cookies as received (one field per crumb or not). */
  readonly headers: [string, string][];
  /** The request has no content (END_STREAM on the HEADERS frame). */
  readonly endStream: boolean;
}
/**
 * Request content. `data` views the bytes given to receiveData (or a buffer of the core's): do not modify them.
 * Acknowledge `data.length` octets with acknowledgeReceivedData() once consumed; padding
 * (`flowControlledLength - data.length`) is credited back by the core itself.
 */
export interface DataEvent {
  /** Discriminant: `'data'`. */
  readonly type: 'data';
  /** The stream the DATA frame arrived on. */
  readonly streamId: number;
  /** The content octets, padding excluded. */
  readonly data: Uint8Array;
  /** END_STREAM was set: this is the last content of the request. */
  readonly endStream: boolean;
  /** The whole DATA payload as counted by flow control, padding included. */
  readonly flowControlledLength: number;
}
/** Request trailers (a second HEADERS with END_STREAM, RFC 9113 §8.1); always ends the stream. */
export interface TrailersEvent {
  /** Discriminant: `'trailers'`. */
  readonly type: 'trailers';
  /** The stream whose request the trailers end. */
  readonly streamId: number;
  /** Trailer fields, lowercase, in order (pseudo-header fields are not allowed here). */
  readonly headers: [string, string][];
}
/** The peer reset the stream (RST_STREAM). */
export interface StreamResetEvent {
  /** Discriminant: `'stream-reset'`. */
  readonly type: 'stream-reset';
  /** The stream the peer reset. */
  readonly streamId: number;
  /** Error code of the peer's RST_STREAM (see {@link ErrorCode}). */
  readonly errorCode: number;
}
/**
 * We reset the stream (RST_STREAM queued) because of a stream error: a malformed request, a refused stream, a flow
 * control error... Also reported for a request answered with 431 by the core (errorCode NO_ERROR then). The stream
 * may never have produced a 'request' event.
 */
export interface StreamErrorEvent {
  /** Discriminant: `'stream-error'`. */
  readonly type: 'stream-error';
  /** The stream that was reset. */
  readonly streamId: number;
  /** Error code sent in our RST_STREAM (see {@link ErrorCode}); NO_ERROR for a 431 answered by the core. */
  readonly errorCode: number;
  /** Human-readable reason, for logs. */
  readonly message: string;
}
/** Send windows grew (stream, or 0 for the connection and for SETTINGS_INITIAL_WINDOW_SIZE increases): retry sends. */
export interface WindowUpdateEvent {
  /** Discriminant: `'window-update'`. */
  readonly type: 'window-update';
  /** The stream whose send window grew, or 0 for the connection window (or a larger SETTINGS_INITIAL_WINDOW_SIZE). */
  readonly streamId: number;
}
/** The peer sent GOAWAY. */
export interface GoAwayEvent {
  /** Discriminant: `'goaway'`. */
  readonly type: 'goaway';
  /** Last Stream ID of the peer's GOAWAY: the highest stream it may have processed. */
  readonly lastStreamId: number;
  /** Error code of the peer's GOAWAY (see {@link ErrorCode}); NO_ERROR for a graceful shutdown. */
  readonly errorCode: number;
}
/** A connection error: GOAWAY is queued; flush dataToSend() and close the transport. No events follow. */
export interface ConnectionErrorEvent {
  /** Discriminant: `'connection-error'`. */
  readonly type: 'connection-error';
  /** Error code sent in our GOAWAY (see {@link ErrorCode}). */
  readonly errorCode: number;
  /** Human-readable reason, for logs; also sent as GOAWAY debug data. */
  readonly message: string;
}

/** Everything `H2ServerConnection.receiveData()` can report. */
export type H2Event =
  | RequestEvent
  | DataEvent
  | TrailersEvent
  | StreamResetEvent
  | StreamErrorEvent
  | WindowUpdateEvent
  | GoAwayEvent
  | ConnectionErrorEvent;
