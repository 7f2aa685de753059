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
  advertisedExtensions,
  buildHttpScope,
  HttpStream,
  logAccess,
  runApp,
  type FinishedStream,
  type ResponseHead,
  type StreamObserver,
  type StreamPort,
} from '@tsgi/gateway';
import type { HeaderField, HttpScope } from '@tsgi/spec';
import { groupFields, h2RequestHead, h2ResponseHeaders } from './headers.js';
import type { H2SessionState } from './h2-session.js';
import type { NodeRuntime } from './runtime.js';

const EMPTY = new Uint8Array(0);
const { NGHTTP2_NO_ERROR, NGHTTP2_INTERNAL_ERROR, NGHTTP2_CANCEL } = constants;
const noop = (): void => {};
/** `respond()` options, one object per combination (Node copies what it is given). */
const HEADERS_ONLY = Object.freeze({ endStream: true });
const WITH_BODY = Object.freeze({ endStream: false });
const WITH_TRAILERS = Object.freeze({ endStream: false, waitForTrailers: true });

/**
 * Ports whose response ended but whose last write had not completed. Most complete within the turn (nghttp2 takes
 * the bytes as the session writes), so the send timer is armed only for those still unfinished at the end of the
 * turn: a timer (and its listeners) per response was ~3% of the h2c hello profile.
 */
let endedPorts: H2Port[] = [];
let checkScheduled = false;

function checkEnded(): void {
  checkScheduled = false;
  const ports = endedPorts;
  endedPorts = [];
  for (let i = 0; i < ports.length; i++) ports[i]!.armIfUnfinished();
}

function checkAfterTurn(port: H2Port): void {
  endedPorts.push(port);
  if (!checkScheduled) {
    checkScheduled = true;
    setImmediate(checkEnded);
  }
}

/** Handles one request stream (the server's `stream` event). */
export function handleH2Stream(session: H2SessionState, stream: ServerHttp2Stream, rawHeaders: string[]): void {
  const head = h2RequestHead(rawHeaders);
  const runtime = session.runtime;
  if (head.path === null) {
    // Only CONNECT comes without :path (RFC 9113 §8.5); TSGI 1.0 has no tunnels to offer.
    session.streamOpened();
    stream.on('error', noop);
    stream.on('close', () => session.streamClosed());
    stream.respond({ ':status': '501' }, { endStream: true });
    return;
  }
  const extensions = advertisedExtensions('2', head.headers);
  const scope = buildHttpScope(head.method, head.path, '2', head.headers, session.connection.info, runtime, extensions);
  const port = new H2Port(session, stream, scope, head.path);
  const http = new HttpStream(port, port, runtime, head.method === 'HEAD', extensions);
  port.stream = http;
  // END_STREAM on the HEADERS (a GET): the body is known to be empty, so it is queued before the app asks and its
  // first `receive()` resolves at once (no waiter, no pull). Nothing is read from the network for it.
  if (stream.endAfterHeaders) http.onBody(EMPTY, false);
  runApp(runtime.app, scope, http);
}

/** The port of one request stream. */
class H2Port implements StreamPort, StreamObserver {
  stream: HttpStream | null = null;
  #bodyTimer: NodeJS.Timeout | null = null;
  /** Runs while a response write waits on the peer's windows (see `#armSendTimer`). */
  #sendTimer: NodeJS.Timeout | null = null;
  /** For the access log only (0 without one: the clock read showed in the hello profile). */
  readonly #startedAt: number;
  readonly #runtime: NodeRuntime;
  #reading = false;
  /** The stream still counts in the session's open streams (until the first of `aborted` and `close`). */
  #counted = true;
  #sendWatched = false;

  constructor(
    private readonly session: H2SessionState,
    private readonly h2: ServerHttp2Stream,
    /** The request's scope, for its access-log entry (dropped once logged, see `#onGone`). */
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
    // 'data' and 'end' are listened to from the first pull, 'drain' and 'finish' from the first blocked write:
    // most requests need neither, and listeners per stream were a visible share of the hello profile. `close`
    // reports a reset (RST_STREAM from the peer, or the session went) a tick after `aborted`, which is listened to
    // only with the body (it must come before the `end` Node then emits). The `error` listener is the session's.
    h2.on('close', this.#onGone);
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

  readonly #onGone = (): void => {
    if (this.#counted) {
      this.#counted = false;
      this.session.streamClosed();
    }
    this.#clearBodyTimer();
    this.#clearSendTimer();
    this.stream?.onDisconnect(); // after a finished response this only makes receive() yield http.disconnect
    // Nothing reaches the gateway's stream from here on. Node can keep a closed stream (its native handle, and through
    // it this listener and the port) alive until the old generation is collected: with neither reference left, the
    // request's objects die young instead of being copied and promoted with it (see the commit log for figures).
    this.stream = null;
    this.h2.removeListener('close', this.#onGone);
  };

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
      this.h2.on('aborted', this.#onGone); // before the `end` of a reset stream: a disconnect, not a whole body
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
      h2.end(chunk);
      if (!h2.writableFinished) checkAfterTurn(this);
      return true;
    }
    if (chunk.byteLength === 0) return true;
    if (h2.write(chunk)) return true;
    this.#armSendTimer();
    return false;
  }

  /** Arms the send timer if the ended response's last write is still waiting (see `checkAfterTurn`). */
  armIfUnfinished(): void {
    const h2 = this.h2;
    if (!h2.writableFinished && !h2.destroyed) this.#armSendTimer();
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
    this.scope = null; // see `#onGone`
    const h2 = this.h2;
    if (stream.aborted || h2.closed) return;
    const requestEnded = h2.endAfterHeaders || h2.readableEnded || h2.state.remoteClose === 1;
    if (!requestEnded) {
      // RFC 9113 §8.1: a complete response may be followed by RST_STREAM(NO_ERROR) so an unread upload stops.
      // Node sends it once the response's last DATA has left.
      h2.close(NGHTTP2_NO_ERROR);
    }
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
      this.h2.on('finish', () => this.#clearSendTimer());
    }
    this.#clearSendTimer();
    this.#sendTimer = setTimeout(() => this.#onSendTimeout(), this.#runtime.options.bodyTimeout);
    this.#sendTimer.unref();
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
