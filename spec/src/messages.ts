/** @module The messages that cross `receive()` and `send()`. */
import type { HeaderList } from './headers.js';

/** A chunk of the request body (receive). */
export interface HttpRequestMessage {
  /** Always `"http.request"`. */
  readonly type: 'http.request';
  /** Body bytes; may be empty. */
  readonly body: Uint8Array;
  /** `true` while more body follows; the last chunk (possibly empty) has `false`. */
  readonly moreBody: boolean;
}

/** The client has gone, or the response is complete (receive). */
export interface HttpDisconnectMessage {
  /** Always `"http.disconnect"`. */
  readonly type: 'http.disconnect';
}

/** Starts the response (send). Nothing reaches the wire until the first body message (spec: HTTP-START-DEFER). */
export interface HttpResponseStartMessage {
  /** Always `"http.response.start"`. */
  readonly type: 'http.response.start';
  /** The status code, 200 to 599 (1xx are not sent this way). */
  readonly status: number;
  /** Response headers, lowercase names, byte-string values. Default `[]`. */
  readonly headers?: HeaderList;
  /** `true` announces trailers after the body (extension `http.response.trailers`). Default `false`. */
  readonly trailers?: boolean;
}

/** A chunk of the response body (send). */
export interface HttpResponseBodyMessage {
  /** Always `"http.response.body"`. */
  readonly type: 'http.response.body';
  /** Body bytes. Default empty. */
  readonly body?: Uint8Array;
  /** `true` while more body follows. Default `false`: the response is complete. */
  readonly moreBody?: boolean;
}

/**
 * Trailer fields after the body (send; extension `http.response.trailers`). Only after a start with
 * `trailers: true` and the final body message; the last one (`moreTrailers` false) completes the response
 * (spec: EXT-TRAILERS-*).
 */
export interface HttpResponseTrailersMessage {
  /** Always `"http.response.trailers"`. */
  readonly type: 'http.response.trailers';
  /** Trailer fields: lowercase names, byte-string values. Default `[]`. */
  readonly headers?: HeaderList;
  /** `true` while more trailers follow. Default `false`. */
  readonly moreTrailers?: boolean;
}

/**
 * The server sends a file as the whole response body (send; extension `http.response.pathsend`). Sent once, after
 * the start, instead of body messages; it completes the response (spec: EXT-PATHSEND-*).
 */
export interface HttpResponsePathsendMessage {
  /** Always `"http.response.pathsend"`. */
  readonly type: 'http.response.pathsend';
  /** Absolute path of a regular file. */
  readonly path: string;
  /** Where to start in the file, in bytes. Default `0`. */
  readonly offset?: number;
  /** How many bytes to send. Default: to the end of the file. */
  readonly length?: number;
}

/**
 * A `103 Early Hints` response (RFC 8297) before the final one (send; extension `http.response.earlyHints`).
 * Only before `http.response.start`; may be sent several times (spec: EXT-EARLYHINTS-*).
 */
export interface HttpResponseEarlyHintsMessage {
  /** Always `"http.response.earlyHints"`. */
  readonly type: 'http.response.earlyHints';
  /** Fields of the 103, typically `link` (RFC 8288); lowercase names, byte-string values. */
  readonly headers: HeaderList;
}

/** Sent by the server first on the lifespan scope (receive). */
export interface LifespanStartupMessage {
  /** Always `"lifespan.startup"`. */
  readonly type: 'lifespan.startup';
}
/** Sent by the server when it is stopping, after the last connection closed (receive). */
export interface LifespanShutdownMessage {
  /** Always `"lifespan.shutdown"`. */
  readonly type: 'lifespan.shutdown';
}
/** The app is ready (send). */
export interface LifespanStartupCompleteMessage {
  /** Always `"lifespan.startup.complete"`. */
  readonly type: 'lifespan.startup.complete';
}
/** The app could not start; the server stops (send). */
export interface LifespanStartupFailedMessage {
  /** Always `"lifespan.startup.failed"`. */
  readonly type: 'lifespan.startup.failed';
  /** Why, for the server's log. Default `""`. */
  readonly message?: string;
}
/** The app has cleaned up (send). */
export interface LifespanShutdownCompleteMessage {
  /** Always `"lifespan.shutdown.complete"`. */
  readonly type: 'lifespan.shutdown.complete';
}
/** The app failed to clean up (send). */
export interface LifespanShutdownFailedMessage {
  /** Always `"lifespan.shutdown.failed"`. */
  readonly type: 'lifespan.shutdown.failed';
  /** Why, for the server's log (logged as an error). Default `""`. */
  readonly message?: string;
}

/** Messages `receive()` yields on an `http` scope. */
export type HttpReceiveMessage = HttpRequestMessage | HttpDisconnectMessage;
/** Messages an app may `send()` on an `http` scope; the last three only when their extension is advertised. */
export type HttpSendMessage =
  | HttpResponseStartMessage
  | HttpResponseBodyMessage
  | HttpResponseTrailersMessage
  | HttpResponsePathsendMessage
  | HttpResponseEarlyHintsMessage;
/** Messages `receive()` yields on a `lifespan` scope. */
export type LifespanReceiveMessage = LifespanStartupMessage | LifespanShutdownMessage;
/** Messages an app may `send()` on a `lifespan` scope. */
export type LifespanSendMessage =
  | LifespanStartupCompleteMessage
  | LifespanStartupFailedMessage
  | LifespanShutdownCompleteMessage
  | LifespanShutdownFailedMessage;

/** Every message `receive()` may yield. */
export type ReceiveMessage = HttpReceiveMessage | LifespanReceiveMessage;
/** Every message an app may send in TSGI 1.0 core. */
export type SendMessage = HttpSendMessage | LifespanSendMessage;
