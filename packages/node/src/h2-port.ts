/**
 * @module One HTTP/2 request stream on `node:http2`'s core API: a {@link StreamPort} over a `ServerHttp2Stream`.
 *
 * Theory of operation. nghttp2 does the framing, HPACK and flow control. The request side is paused from the start
 * and resumed only while the app waits in `receive()`: while a stream is paused Node does not hand its DATA back to
 * nghttp2 as consumed, so no WINDOW_UPDATE goes out and the peer stops at the window we advertised (spec
 * FLOW-RECEIVE-PULL, RFC 9113 §5.2). On the response side `write()` returns false while Node holds more than its
 * buffer bound, and data leaves only as the peer's windows allow, so `send()` waits for a slow reader
 * (FLOW-SEND-BACKPRESSURE).
 */
import { constants, type ServerHttp2Stream } from 'node:http2';
import {
  logAccess,
  type FinishedStream,
  type HttpStream,
  type ResponseHead,
  type StreamObserver,
  type StreamPort,
} from '@tsgi/gateway';
import type { HeaderField, HttpScope } from '@tsgi/spec';
import { asBuffer } from './buffer-view.js';
import { groupFields, h2ResponseHeaders } from './headers.js';
import { settleAfterTurn } from './h2-settle.js';
import type { H2SessionState } from './h2-session.js';
import type { NodeRuntime } from './runtime.js';

const EMPTY = new Uint8Array(0);
const { NGHTTP2_NO_ERROR, NGHTTP2_INTERNAL_ERROR, NGHTTP2_CANCEL } = constants;
/**
 * `respond()` options, one object per combination. Node copies what it is given (`{ ...options }`), so these are
 * never changed; they are not frozen because copying a frozen object takes V8's slow path (34 profile ticks against
 * 3 on that line of `respond()` under the h2c hello load).
 */
const HEADERS_ONLY = { endStream: true };
const WITH_BODY = { endStream: false };
const WITH_TRAILERS = { endStream: false, waitForTrailers: true };

/**
 * The port of a stream, kept on Node's stream object for the one `aborted` listener all streams share (a closure
 * per stream, and a `close` listener per stream, were ~2% of the h2c hello profile). Cleared once the stream is
 * settled, so a closed stream that Node keeps alive a while reaches none of the request's objects.
 */
const PORT = Symbol('tsgi.h2Port');
export type PortedStream = ServerHttp2Stream & { [PORT]?: H2Port | null };

/**
 * Node emits `aborted` when a stream closes before its writable side ended: a reset from the peer, the session
 * going, or our own `close()` (its `closeStream`). After our response ended nothing is left to report.
 */
function onAborted(this: PortedStream): void {
  this[PORT]?.gone();
}

/** The port of one request stream. */
export class H2Port implements StreamPort, StreamObserver {
  stream: HttpStream | null = null;
  #bodyTimer: NodeJS.Timeout | null = null;
  /** Runs while a response write waits on the peer's windows (see `#armSendTimer`). */
  #sendTimer: NodeJS.Timeout | null = null;
  /** For the access log only (0 without one: the clock read showed in the hello profile). */
  readonly #startedAt: number;
  readonly #runtime: NodeRuntime;
  #reading = false;
  /**
   * The stream still counts in the session's open streams: until it is reset, or its response has left (then the
   * stream closes, or is reset with NO_ERROR when its request is still arriving: see `onResponseDone`).
   */
  #counted = true;
  #sendWatched = false;

  constructor(
    private readonly session: H2SessionState,
    private readonly h2: PortedStream,
    /** The request's scope, for its access-log entry (dropped once logged, see `#settle`). */
    private scope: HttpScope | null,
    private readonly target: string,
  ) {
    const runtime = session.runtime;
    this.#runtime = runtime;
    this.#startedAt = runtime.options.accessLog === null ? 0 : performance.now();
    session.streamOpened();
    // A request with END_STREAM on its HEADERS has nothing to hold back: pausing it would only stop a read that
    // never starts (an event and a native call per request).
    if (!h2.endAfterHeaders) h2.pause();
    // 'data' and 'end' are listened to from the first pull, 'drain', 'finish' and 'close' from the first write that
    // is not done within its turn: most requests need none, and listeners per stream were a visible share of the
    // hello profile. `aborted` reports a reset before the response ended (and comes before the `end` Node then
    // emits for a body being read); both of these listeners are shared by all streams.
    h2[PORT] = this;
    h2.on('aborted', onAborted);
    h2.on('error', session.onStreamError);
  }

  // ---- Node's events ----

  #onData(chunk: Buffer): void {
    this.h2.pause(); // one chunk per pull; credit goes back to the peer only as the app reads
    this.#clearBodyTimer();
    this.stream?.onBody(chunk, true);
  }

  #onEnd(): void {
    this.#clearBodyTimer();
    this.stream?.onBody(EMPTY, false);
  }

  #onDrain(): void {
    this.#clearSendTimer();
    this.stream?.onDrain();
  }

  /** The stream was reset, or its session went, before the response ended (Node's `aborted`). */
  gone(): void {
    // First, so an unfinished response reaches `onResponseDone` (and the access log) with its scope.
    this.stream?.onDisconnect(); // spec FLOW-SEND-AFTER-DISCONNECT, FLOW-RECEIVE-WAIT
    this.#settle();
  }

  /**
   * The stream is over for this port (reset, or its response has left): it leaves the session's open streams, its
   * timers stop, and nothing reaches the gateway's stream or the scope from here on. Node can keep a closed stream
   * (its native handle, and through it the stream's listeners) alive until the old generation is collected: with no
   * reference left, the request's objects die young instead of being copied and promoted with it (see the commit
   * log of 9d4782c for figures).
   */
  #settle(): void {
    if (this.#counted) {
      this.#counted = false;
      this.session.streamClosed();
    }
    this.#clearBodyTimer();
    this.#clearSendTimer();
    this.stream = null;
    this.scope = null;
    this.h2[PORT] = null;
  }

  // ---- StreamPort ----

  pullBody(): void {
    // A request without content (END_STREAM on its HEADERS) is not read to its end: Node destroys a stream whose
    // readable side ended as soon as nghttp2 closes it, before the response's write completes, and then builds an
    // ERR_STREAM_DESTROYED for the write (with a stack trace: 17% of the busy time under the h2c hello load).
    // Left unread, the stream is destroyed after its response finished, as in a bare node:http2 server.
    if (this.h2.readableEnded || this.h2.endAfterHeaders) {
      this.stream?.onBody(EMPTY, false);
      return;
    }
    if (!this.#reading) {
      this.#reading = true; // the stream is paused until now, so no chunk and no end was missed
      // Closures made only for a request that is read: most (a GET) never are.
      this.h2.on('data', (chunk: Buffer) => this.#onData(chunk));
      this.h2.on('end', () => this.#onEnd());
    }
    this.#armBodyTimer();
    this.h2.resume();
  }

  start(head: ResponseHead, chunk: Uint8Array, end: boolean): boolean {
    // `head.close` means nothing on HTTP/2 (RFC 9113 §8.2.2).
    const headersOnly = end && chunk.byteLength === 0;
    try {
      // END_STREAM on HEADERS when there is no body (spec HTTP-RESP-NOBODY, -304, -HEAD on HTTP/2).
      // With trailers announced, Node must hold the stream open after the last DATA (`waitForTrailers`).
      const options = headersOnly ? HEADERS_ONLY : head.trailers === true ? WITH_TRAILERS : WITH_BODY;
      this.h2.respond(h2ResponseHeaders(head.status, head.headers), options);
    } catch (error) {
      if (this.h2.destroyed || this.h2.closed) return true; // the peer reset it first: `close` reports the disconnect
      this.#runtime.logger.error('node:http2 refused the response head', error);
      this.abort('invalid response head');
      return true;
    }
    if (headersOnly) return true;
    return this.write(chunk, end);
  }

  write(chunk: Uint8Array, end: boolean): boolean {
    const h2 = this.h2;
    // Node ends the stream itself at `respond()` for HEAD, 204 and 304; the gateway sends no bytes for those.
    if (h2.writableEnded || h2.destroyed) return true;
    if (end) {
      h2.end(asBuffer(chunk));
      return true;
    }
    if (chunk.byteLength === 0) return true;
    if (h2.write(asBuffer(chunk))) return true;
    this.#armSendTimer();
    return false;
  }

  /**
   * At the end of the turn the response ended in (see h2-settle.ts): settles the port if the last write has
   * completed, or else waits for it under the send timer.
   */
  settleOrWait(): void {
    const h2 = this.h2;
    if (h2.writableFinished || h2.destroyed) this.#settle();
    else this.#armSendTimer();
  }

  /** RFC 9113 §8.1: trailers are a final HEADERS frame, sent when Node asks for them after the last DATA. */
  finish(trailers: HeaderField[]): boolean {
    const h2 = this.h2;
    if (h2.writableEnded || h2.destroyed) return true;
    h2.once('wantTrailers', () => {
      if (trailers.length > 0) h2.sendTrailers(groupFields(trailers));
      else h2.close(NGHTTP2_NO_ERROR);
    });
    h2.end();
    return true;
  }

  /** RFC 8297 over RFC 9113 §8.1: an informational HEADERS frame before the response. */
  earlyHints(headers: HeaderField[]): void {
    if (!this.h2.headersSent && !this.h2.destroyed) this.h2.additionalHeaders({ ':status': 103, ...groupFields(headers) });
  }

  abort(reason: string): void {
    this.#runtime.logger.debug(`resetting h2 stream: ${reason}`);
    // spec APP-ERROR-AFTER-START, HTTP-RESP-LENGTH-UNDER: RST_STREAM INTERNAL_ERROR, other streams go on.
    if (!this.h2.closed) this.h2.close(NGHTTP2_INTERNAL_ERROR);
  }

  // ---- StreamObserver ----

  onResponseDone(stream: FinishedStream): void {
    this.#clearBodyTimer();
    if (this.scope !== null) logAccess(this.#runtime, this.scope, this.target, stream, this.#startedAt);
    this.scope = null; // see `#settle`
    const h2 = this.h2;
    if (stream.aborted || h2.closed || h2.destroyed) {
      this.#settle();
      return;
    }
    const requestEnded = h2.endAfterHeaders || h2.readableEnded || h2.state.remoteClose === 1;
    if (!requestEnded) {
      // RFC 9113 §8.1: a complete response may be followed by RST_STREAM(NO_ERROR) so an unread upload stops.
      // Node sends it once the response's last DATA has left.
      h2.close(NGHTTP2_NO_ERROR);
    }
    settleAfterTurn(this);
  }

  // ---- timers (spec SERVER-TIMEOUTS) ----

  #armBodyTimer(): void {
    this.#clearBodyTimer();
    this.#bodyTimer = setTimeout(() => this.#onBodyTimeout(), this.#runtime.options.bodyTimeout);
    this.#bodyTimer.unref();
  }

  #clearBodyTimer(): void {
    if (this.#bodyTimer !== null) clearTimeout(this.#bodyTimer);
    this.#bodyTimer = null;
  }

  #onBodyTimeout(): void {
    this.#bodyTimer = null;
    const stream = this.stream;
    if (stream === null || !stream.awaitingBody || this.h2.closed) return;
    this.#runtime.logger.debug('h2: request body timeout');
    if (!this.h2.headersSent) {
      this.h2.respond({ ':status': '408', 'content-length': '0' }, { endStream: true });
      this.h2.close(NGHTTP2_NO_ERROR);
    } else {
      this.h2.close(NGHTTP2_CANCEL);
    }
    stream.onDisconnect();
  }

  /**
   * A peer that never opens its window would hold the stream (and the app's `send()`) forever; after `bodyTimeout`
   * without progress the stream is reset (CANCEL) and the app sees a disconnect.
   */
  #armSendTimer(): void {
    if (!this.#sendWatched) {
      this.#sendWatched = true; // 'drain' can only follow a write that returned false, 'finish' an unfinished end
      this.h2.on('drain', () => this.#onDrain());
      // The response has left (`finish`), or the stream closed without it leaving (a reset after the response ended
      // emits no `aborted`): settled either way once the response is done. Before that, `aborted` reports a reset.
      this.h2.on('finish', () => this.#onWriteDone());
      this.h2.on('close', () => this.#onWriteDone());
    }
    this.#clearSendTimer();
    this.#sendTimer = setTimeout(() => this.#onSendTimeout(), this.#runtime.options.bodyTimeout);
    this.#sendTimer.unref();
  }

  #onWriteDone(): void {
    this.#clearSendTimer();
    if (this.stream === null || this.stream.finished) this.#settle();
  }

  #clearSendTimer(): void {
    if (this.#sendTimer !== null) clearTimeout(this.#sendTimer);
    this.#sendTimer = null;
  }

  #onSendTimeout(): void {
    this.#sendTimer = null;
    if (this.h2.closed) return;
    this.#runtime.logger.debug('h2: the peer left a response blocked on flow control past the body timeout');
    this.h2.close(NGHTTP2_CANCEL);
  }
}
