/** @module The messages that cross `receive()` and `send()`. */
import type { HeaderList } from './headers.js';

/** A chunk of the request body (receive). */
export interface HttpRequestMessage {
  readonly type: 'http.request';
  /** Body bytes; may be empty. */
  readonly body: Uint8Array;
  /** `true` while more body follows; the last chunk (possibly empty) has `false`. */
  readonly moreBody: boolean;
}

/** The client has gone, or the response is complete (receive). */
export interface HttpDisconnectMessage {
  readonly type: 'http.disconnect';
}

/** Starts the response (send). Nothing reaches the wire until the first body message (spec: HTTP-START-DEFER). */
export interface HttpResponseStartMessage {
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
  readonly type: 'http.response.body';
  /** Body bytes. Default empty. */
  readonly body?: Uint8Array;
  /** `true` while more body follows. Default `false`: the response is complete. */
  readonly moreBody?: boolean;
}

/** Sent by the server first on the lifespan scope (receive). */
export interface LifespanStartupMessage {
  readonly type: 'lifespan.startup';
}
/** Sent by the server when it is stopping, after the last connection closed (receive). */
export interface LifespanShutdownMessage {
  readonly type: 'lifespan.shutdown';
}
/** The app is ready (send). */
export interface LifespanStartupCompleteMessage {
  readonly type: 'lifespan.startup.complete';
}
/** The app could not start; the server stops (send). */
export interface LifespanStartupFailedMessage {
  readonly type: 'lifespan.startup.failed';
  /** Why, for the server's log. Default `""`. */
  readonly message?: string;
}
/** The app has cleaned up (send). */
export interface LifespanShutdownCompleteMessage {
  readonly type: 'lifespan.shutdown.complete';
}
/** The app failed to clean up (send). */
export interface LifespanShutdownFailedMessage {
  readonly type: 'lifespan.shutdown.failed';
  readonly message?: string;
}

/** Messages `receive()` yields on an `http` scope. */
export type HttpReceiveMessage = HttpRequestMessage | HttpDisconnectMessage;
/** Messages an app may `send()` on an `http` scope (extensions add more when advertised). */
export type HttpSendMessage = HttpResponseStartMessage | HttpResponseBodyMessage;
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
