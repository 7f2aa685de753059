/**
 * @module events
 * What `receiveData()` reports, as a discriminated union on `type`.
 */

/** A complete request head (HEADERS + CONTINUATION, RFC 9113 §8.3.1) on a new stream. */
export interface RequestEvent {
  readonly type: 'request';
  readonly streamId: number;
  readonly method: string;
  readonly scheme: string;
  readonly authority: string | null;
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
  readonly type: 'data';
  readonly streamId: number;
  readonly data: Uint8Array;
  readonly endStream: boolean;
  /** The whole DATA payload as counted by flow control, padding included. */
  readonly flowControlledLength: number;
}
/** Request trailers (a second HEADERS with END_STREAM, RFC 9113 §8.1); always ends the stream. */
export interface TrailersEvent {
  readonly type: 'trailers';
  readonly streamId: number;
  readonly headers: [string, string][];
}
/** The peer reset the stream (RST_STREAM). */
export interface StreamResetEvent {
  readonly type: 'stream-reset';
  readonly streamId: number;
  readonly errorCode: number;
}
/**
 * We reset the stream (RST_STREAM queued) because of a stream error: a malformed request, a refused stream, a flow
 * control error... Also reported for a request answered with 431 by the core (errorCode NO_ERROR then). The stream
 * may never have produced a 'request' event.
 */
export interface StreamErrorEvent {
  readonly type: 'stream-error';
  readonly streamId: number;
  readonly errorCode: number;
  readonly message: string;
}
/** Send windows grew (stream, or 0 for the connection and for SETTINGS_INITIAL_WINDOW_SIZE increases): retry sends. */
export interface WindowUpdateEvent {
  readonly type: 'window-update';
  readonly streamId: number;
}
/** The peer sent GOAWAY. */
export interface GoAwayEvent {
  readonly type: 'goaway';
  readonly lastStreamId: number;
  readonly errorCode: number;
}
/** A connection error: GOAWAY is queued; flush dataToSend() and close the transport. No events follow. */
export interface ConnectionErrorEvent {
  readonly type: 'connection-error';
  readonly errorCode: number;
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
