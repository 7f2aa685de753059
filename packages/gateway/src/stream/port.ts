/**
 * @module What the stream layer needs from the protocol below it. The HTTP/1.1 session implements it for the one
 * request in flight on a connection; an HTTP/2 session will implement it per stream. The stream layer never knows
 * which: that keeps the spec's rules in one place for every protocol. Also what it reports back, and what it
 * shares with the other streams of its server.
 */
import type { HeaderField } from '@tsgi/spec';
import type { Logger } from '../logger.js';
import type { RuleWarnings } from '../app/rule-warnings.js';

/** A response head after the body rules have been applied. */
export interface ResponseHead {
  /** The final status code, 200 to 599. */
  readonly status: number;
  /** Response fields as they go on the wire: lowercase names, framing fields removed, `date` added if missing. */
  readonly headers: HeaderField[];
  /** The app asked for `connection: close`; HTTP/1.x closes after this response, h2 ignores it. */
  readonly close: boolean;
  /** The response will end with `finish(trailers)` rather than `write(…, true)` (trailers were announced). */
  readonly trailers?: boolean;
}

/** One request's view of its protocol connection. */
export interface StreamPort {
  /** The app wants more request body: deliver it through `HttpStream.onBody` (now or later). */
  pullBody(): void;
  /**
   * Put the head and the first chunk on the wire; `end` completes the response. `false`: buffer full, await
   * `onDrain`. `release`: see {@link StreamPort.write}.
   */
  start(head: ResponseHead, chunk: Uint8Array, end: boolean, release?: () => void): boolean;
  /**
   * Put body bytes on the wire; `end` completes the response. `false`: buffer full, await `onDrain`. A port may
   * call `release` once it no longer needs `chunk`'s bytes (the server's own buffers, from pathsend, are then
   * reused); a port that never calls it is correct too, the buffer is then left to the garbage collector.
   */
  write(chunk: Uint8Array, end: boolean, release?: () => void): boolean;
  /** End the response abnormally: HTTP/1.x closes the connection, h2 resets the stream. */
  abort(reason: string): void;
  /**
   * Complete the response with trailer fields (extension `http.response.trailers`; spec EXT-TRAILERS-WIRE): h2 sends
   * them as a final HEADERS frame, HTTP/1.1 in the chunked trailer section, or drops them where there is no place.
   * A port without it must not be given scopes that advertise trailers.
   */
  finish?(trailers: HeaderField[]): boolean;
  /** Put a `103 Early Hints` response on the wire now (extension `http.response.earlyHints`, EXT-EARLYHINTS-WIRE). */
  earlyHints?(headers: HeaderField[]): void;
}

/** What a stream reports to its protocol and server when it is over. */
export interface StreamObserver {
  /** The response is complete on the wire (`aborted` false) or was cut off (`aborted` true). */
  onResponseDone(stream: { readonly status: number; readonly bytesSent: number; readonly aborted: boolean }): void;
}

/** What every stream of one server shares. */
export interface StreamContext {
  /** Where app failures and protocol problems of the stream are logged. */
  readonly logger: Logger;
  /** Per-app warnings for broken response rules, each rule reported once. */
  readonly warnings: RuleWarnings;
}
