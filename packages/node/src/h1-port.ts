/**
 * @module One HTTP/1.x request on `node:http`: the request checks Node's parser does not make, and a
 * {@link StreamPort} over Node's `IncomingMessage` / `ServerResponse` pair.
 *
 * Theory of operation. The request stream is paused from the start and resumed only while the app waits in
 * `receive()`; after each chunk it is paused again, so Node's bounded buffers (the request stream's highWaterMark,
 * then the socket, then the kernel) hold the client back, not the app's memory (spec FLOW-RECEIVE-PULL). The head
 * the gateway prepared is written with `writeHead(status, flatList)`, which keeps repeated fields apart; Node adds
 * only its framing (`content-length` or chunked, `connection`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderField, HttpScope, HttpVersion } from '@tsgi/spec';
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
import { connectionOf, type Connection } from './connection.js';
import { endAfterTurn } from './end-batch.js';
import { groupFields, h1RequestHead, h1ResponseHeaders, type H1RequestHead } from './headers.js';
import type { NodeRuntime } from './runtime.js';

const EMPTY = new Uint8Array(0);
/** Unread request body discarded after a response before the connection is closed (RFC 9112 §9.6 lets us). */
const MAX_DISCARD_BYTES = 1 << 20;
/** How long a connection we are closing may take to flush what was already written. */
const LINGER_MS = 2000;
const noop = (): void => {};

/**
 * Handles one request Node has parsed (its `request` and `checkContinue` events). Requests Node accepts but RFC 9112
 * rejects get the server's own answer and the app is not called (spec SERVER-BAD-REQUEST).
 */
export function handleH1Request(runtime: NodeRuntime, req: IncomingMessage, res: ServerResponse): void {
  const connection = connectionOf(req.socket);
  const head = h1RequestHead(req.rawHeaders);
  const problem = requestProblem(req, head);
  if (problem !== 0) {
    runtime.logger.debug(`bad request: answered ${problem}`);
    rejectRequest(res, problem);
    return;
  }
  const version: HttpVersion = req.httpVersion === '1.0' ? '1.0' : '1.1';
  const headers = head.headers;
  const extensions = advertisedExtensions(version, headers);
  const scope = buildHttpScope(req.method!, req.url!, version, headers, connection.info, runtime, extensions);
  // RFC 9112 §6.3: a request with neither Transfer-Encoding nor Content-Length (or Content-Length 0) has no body.
  const bodyless = head.codings === null && (head.lengths === 0 || head.zeroLength);
  // Node writes `100 Continue` itself unless asked; spec SERVER-CONTINUE wants it only once the app reads.
  const expectContinue = head.expectContinue && req.httpVersion === '1.1';
  const port = new H1Port(runtime, connection, req, res, scope, bodyless && !expectContinue, expectContinue);
  const stream = new HttpStream(port, port, runtime, req.method === 'HEAD', extensions);
  port.stream = stream;
  // The empty body is queued before the app asks, so its first `receive()` resolves at once (no waiter, no pull).
  // With `Expect: 100-continue` the usual pull decides about the 100 and the connection (see `start`).
  if (bodyless && !expectContinue) stream.onBody(EMPTY, false);
  runApp(runtime.app, scope, stream);
}

/** 0, or the status RFC 9112 asks for when Node's parser lets the request through. */
function requestProblem(req: IncomingMessage, head: H1RequestHead): number {
  if (req.httpVersionMajor !== 1) return 505; // llhttp parses `HTTP/2.0` and `HTTP/3.0` request lines; RFC 9110 §15.6.6
  const codings = head.codings;
  if (head.hosts > 1) return 400; // RFC 9112 §3.2: more than one Host field
  if (codings !== null) {
    // llhttp accepts any codings before a final `chunked`; we implement chunked only (RFC 9112 §6.1: 501).
    for (const coding of codings.split(',')) if (coding.trim().toLowerCase() !== 'chunked') return 501;
  }
  return 0;
}

/** Answers `status` with `connection: close` and closes after it. */
function rejectRequest(res: ServerResponse, status: number): void {
  res.sendDate = false;
  res.shouldKeepAlive = false;
  res.writeHead(status, ['content-length', '0']);
  res.end();
}

/** The port of one HTTP/1.x request. */
class H1Port implements StreamPort, StreamObserver {
  stream: HttpStream | null = null;
  /** The request body has been read to its end (or, `bodyless`, has none). */
  #ended: boolean;
  #continueSent = false;
  /** `data`/`end` (first pull) and `drain` (first blocked write) are listened to only when needed. */
  #reading = false;
  #drainWatched = false;
  #bodyTimer: NodeJS.Timeout | null = null;
  #released = false;
  /** For the access log only (0 without one). */
  readonly #startedAt: number;

  constructor(
    private readonly runtime: NodeRuntime,
    private readonly connection: Connection,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    /** The request's scope, for its access-log entry. */
    private readonly scope: HttpScope,
    /** The request has no body (RFC 9112 §6.3): nothing to pause, read or discard. */
    bodyless: boolean,
    /** `Expect: 100-continue` on HTTP/1.1: the `100` goes out only once the app reads (SERVER-CONTINUE). */
    private readonly expectContinue: boolean,
  ) {
    connection.busy++;
    this.#ended = bodyless;
    this.#startedAt = runtime.options.accessLog === null ? 0 : performance.now();
    res.sendDate = false; // the gateway adds `date` (spec HTTP-RESP-DATE) unless the app sent one
    if (!bodyless) req.pause();
    // Listeners per request were the largest TSGI cost under pipelining: a `data` listener alone made Node's
    // `req._dump()` at each response's end delete a key of the events object. `req` emits `error` only to listeners
    // (the disconnect is reported through `aborted` and `close`); `close` also marks the connection idle, one tick
    // after `finish` (Node emits it on every response once it is finished or its socket closed).
    req.on('aborted', this.#onGone);
    res.on('error', noop);
    res.on('close', this.#onClose);
  }

  // ---- Node's events ----

  #onData(chunk: Buffer): void {
    this.req.pause(); // one chunk per pull
    this.#clearBodyTimer();
    this.stream?.onBody(chunk, true);
  }

  #onEnd(): void {
    this.#ended = true;
    this.#clearBodyTimer();
    this.stream?.onBody(EMPTY, false);
  }

  /** The client went away: the request was aborted, or the socket closed under an unfinished response. */
  readonly #onGone = (): void => {
    this.#clearBodyTimer();
    this.stream?.onDisconnect();
  };

  readonly #onClose = (): void => {
    this.#clearBodyTimer();
    if (!this.res.writableFinished) this.runtime.logger.debug('the client closed the connection during a request');
    this.stream?.onDisconnect(); // after a finished response this only makes receive() yield http.disconnect
    this.#idle();
  };

  // ---- StreamPort ----

  pullBody(): void {
    if (this.expectContinue && !this.#continueSent && !this.stream?.headSent) {
      this.#continueSent = true;
      this.res.writeContinue(); // spec SERVER-CONTINUE: only once the app asks for the body
    }
    if (this.#ended) {
      this.stream?.onBody(EMPTY, false);
      return;
    }
    if (!this.#reading) {
      this.#reading = true; // paused until now, so no chunk and no end was missed
      this.req.on('data', (chunk: Buffer) => this.#onData(chunk));
      this.req.on('end', () => this.#onEnd());
    }
    this.#armBodyTimer();
    this.req.resume();
  }

  start(head: ResponseHead, chunk: Uint8Array, end: boolean): boolean {
    const { res, req } = this;
    const unreadContinue = this.expectContinue && !this.#continueSent && !req.complete;
    if (head.close || this.runtime.shuttingDown || unreadContinue) {
      res.shouldKeepAlive = false; // Node then sends `connection: close` and closes after the response (RFC 9112 §9.6)
    } else if (res.shouldKeepAlive && req.httpVersion === '1.1') {
      // HTTP/1.1 persists by default (RFC 9112 §9.3): no `connection: keep-alive` / `keep-alive` of Node's own.
      res.removeHeader('connection');
    }
    try {
      res.writeHead(head.status, h1ResponseHeaders(head.headers));
    } catch (error) {
      // Node refuses a few bytes the spec allows in values (controls other than HTAB); nothing was written.
      this.runtime.logger.error('node:http refused the response head', error);
      this.abort('invalid response head');
      return true;
    }
    return this.write(chunk, end);
  }

  write(chunk: Uint8Array, end: boolean): boolean {
    if (end) {
      endAfterTurn(this.res, chunk); // with the other responses of this turn: see end-batch.ts
      return true;
    }
    if (chunk.byteLength === 0) return true;
    if (this.res.write(chunk)) return true;
    // Node's buffer passed its bound; `drain` follows (FLOW-SEND-BACKPRESSURE).
    if (!this.#drainWatched) {
      this.#drainWatched = true;
      this.res.on('drain', () => this.stream?.onDrain());
    }
    return false;
  }

  /** Node writes trailers only with chunked framing and drops them otherwise, as EXT-TRAILERS-WIRE asks. */
  finish(trailers: HeaderField[]): boolean {
    if (trailers.length > 0) this.res.addTrailers(trailers.map(([name, value]) => [name, value] as [string, string]));
    this.res.end();
    return true;
  }

  /** RFC 8297 through Node's `writeEarlyHints` (which writes nothing to an HTTP/1.0 client). */
  earlyHints(headers: HeaderField[]): void {
    this.res.writeEarlyHints(groupFields(headers));
  }

  abort(reason: string): void {
    this.runtime.logger.debug(`closing connection: ${reason}`);
    // HTTP/1.x can only cut a response off by closing (spec APP-ERROR-AFTER-START). Node corks the socket until
    // the next tick, so the bytes already accepted are flushed first; a client that does not read gets no longer.
    const socket = this.req.socket;
    socket.destroySoon();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  }

  // ---- StreamObserver ----

  onResponseDone(stream: FinishedStream): void {
    this.#clearBodyTimer();
    logAccess(this.runtime, this.scope, this.req.url!, stream, this.#startedAt);
    if (stream.aborted) return; // `close` marks the connection idle
    if (!this.#ended && !this.req.complete) this.#discardBody();
  }

  /** Reads and drops the unread rest of the body so the connection can carry the next request; too much: close. */
  #discardBody(): void {
    const { req } = this;
    let dropped = 0;
    req.removeAllListeners('data'); // the app's reader, if it read some
    req.on('data', (chunk: Buffer) => {
      dropped += chunk.byteLength;
      if (dropped > MAX_DISCARD_BYTES) req.socket.destroySoon();
    });
    req.resume();
  }

  /** The response is finished (or the socket closed): the connection is idle unless another request is in flight. */
  #idle(): void {
    const { connection } = this;
    if (this.#released) return;
    this.#released = true;
    connection.busy--;
    connection.bytesAtIdle = connection.socket.bytesRead;
    if (connection.busy === 0 && this.runtime.shuttingDown) connection.socket.destroySoon();
  }

  // ---- body timeout (spec SERVER-TIMEOUTS): only while the app waits for body bytes ----

  #armBodyTimer(): void {
    this.#clearBodyTimer();
    this.#bodyTimer = setTimeout(() => this.#onBodyTimeout(), this.runtime.options.bodyTimeout);
    this.#bodyTimer.unref();
  }

  #clearBodyTimer(): void {
    if (this.#bodyTimer !== null) clearTimeout(this.#bodyTimer);
    this.#bodyTimer = null;
  }

  #onBodyTimeout(): void {
    this.#bodyTimer = null;
    const stream = this.stream;
    if (stream === null || !stream.awaitingBody) return;
    this.runtime.logger.debug('request body timeout');
    if (!stream.headSent && !this.res.headersSent) {
      rejectRequest(this.res, 408); // RFC 9110 §15.5.9
      this.req.socket.destroySoon();
    } else {
      this.req.socket.destroy();
    }
    stream.onDisconnect();
  }
}
