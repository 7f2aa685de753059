/**
 * @module One HTTP/1.x connection: feeds socket bytes to the `@tsgi/h1` core, turns its events into one
 * {@link HttpStream} per request, and writes the core's bytes back.
 *
 * Theory of operation. Phases: HEAD (waiting for a request head; the headers timeout runs once a byte has come,
 * or from accept), ACTIVE (a request is in flight; the body timeout runs only while the app waits for body bytes),
 * IDLE (between requests on a keep-alive connection; the keep-alive timeout runs), CLOSING (we have ended our side
 * and discard input until the peer closes or a short linger passes, so a final response is not lost to a TCP reset).
 * Requests on a connection are answered one at a time, in order; pipelined bytes wait in the core, and the socket
 * is paused while the core holds more than `readBufferBytes` (spec: FLOW-RECEIVE-PULL). Body events are pulled
 * from the core only when the app asks (`pullBody`).
 */
import type { Socket } from 'node:net';
import { H1RemoteProtocolError, H1ServerConnection, NEED_DATA, PAUSED, type H1ServerEvent } from '@tsgi/h1';
import type { HeaderField, HttpScope, HttpVersion } from '@tsgi/spec';
import {
  advertisedExtensions,
  buildHttpScope,
  HttpStream,
  logAccess,
  runApp,
  type ConnectionInfo,
  type FinishedStream,
  type ResponseHead,
  type StreamObserver,
  type StreamPort,
} from '@tsgi/gateway';
import type { ServerRuntime } from '../runtime.js';
import type { Session } from './session.js';
import { H1Output } from './h1-output.js';

type Phase = 'HEAD' | 'ACTIVE' | 'IDLE' | 'CLOSING' | 'CLOSED';

const EOF = new Uint8Array(0);
const CLOSE = Object.freeze({ close: true });
const KEEP = Object.freeze({ close: false });
const NO_PARTS: Uint8Array[] = [];
/** After we end our side, how long to keep reading before we drop the connection. */
const LINGER_MS = 2000;
/** Unread request body we discard after a response before we give up and close (RFC 9112 §9.6 lets us close). */
const MAX_DISCARD_BYTES = 1 << 20;

/** Where a socket's shared listeners find their session. */
const SESSION = Symbol('H1Session');
type OwnedSocket = Socket & { [SESSION]: H1Session };

/** Drives one HTTP/1.x connection. */
export class H1Session implements Session, StreamPort, StreamObserver {
  /** When the current phase's timer runs out (ms since the epoch); checked by the listener's sweeper. */
  deadline: number;
  #phase: Phase = 'HEAD';
  readonly #core: H1ServerConnection;
  readonly #info: ConnectionInfo;
  #stream: HttpStream | null = null;
  #bodyWanted = false;
  #requestDone = false;
  #continueSent = false;
  #expectContinue = false;
  #discarded = 0;
  #paused = false;
  #eof = false;
  #headBytesSeen = false;
  /** The write side: response bytes held for the end of the turn, and the write bound. */
  readonly #out: H1Output;
  // for the access log
  /** The scope of the request in flight, for its access-log entry. */
  #scope: HttpScope | null = null;
  #target = '';
  #startedAt = 0;

  constructor(
    private readonly socket: Socket,
    private readonly runtime: ServerRuntime,
    info: ConnectionInfo,
    private readonly onClosed: (session: Session) => void,
    /** Bytes already read from the socket (while the listener sniffed for an HTTP/2 preface). */
    initial: Uint8Array | null = null,
  ) {
    this.#core = new H1ServerConnection(runtime.options.limits);
    this.#info = info;
    this.#out = new H1Output(socket, runtime.options.writeBufferBytes);
    this.deadline = Date.now() + runtime.options.headersTimeout;
    // Shared listeners that find the session on the socket: five bound functions per connection were ~0.3 KiB of
    // an idle connection's ~8.5 KiB.
    (socket as OwnedSocket)[SESSION] = this;
    socket.on('data', H1Session.#data);
    socket.on('end', H1Session.#end);
    socket.on('drain', H1Session.#drain);
    socket.on('error', H1Session.#error);
    socket.on('close', H1Session.#close);
    if (initial !== null && initial.byteLength > 0) this.#onData(initial);
  }

  static readonly #data = function (this: OwnedSocket, chunk: Uint8Array): void {
    this[SESSION].#onData(chunk);
  };
  static readonly #end = function (this: OwnedSocket): void {
    this[SESSION].#onEnd();
  };
  static readonly #drain = function (this: OwnedSocket): void {
    this[SESSION].#onDrain();
  };
  static readonly #error = function (this: OwnedSocket, error: Error): void {
    this[SESSION].#onError(error);
  };
  static readonly #close = function (this: OwnedSocket): void {
    this[SESSION].#onClose();
  };

  /** Whether no request is in flight (graceful shutdown closes such connections at once). */
  get idle(): boolean {
    return this.#phase !== 'ACTIVE';
  }

  // ---- socket events ---------------------------------------------------------------------------------------------

  #onData(chunk: Uint8Array): void {
    if (this.#phase === 'CLOSING' || this.#phase === 'CLOSED') return; // discard while lingering
    if (this.#phase === 'IDLE') this.#enterHead();
    if (!this.#headBytesSeen && this.#phase === 'HEAD') this.#headBytesSeen = true;
    this.#core.receiveData(chunk);
    this.#pump();
    this.#applyReadPressure();
  }

  #onEnd(): void {
    if (this.#phase === 'CLOSING' || this.#phase === 'CLOSED') {
      this.#destroy();
      return;
    }
    const stream = this.#stream;
    if (stream !== null && !stream.finished) {
      // The client closed its side with a request in flight: it is gone (as nginx judges it, "client closed
      // the connection"). The app learns it from receive() and send() (spec FLOW-SEND-AFTER-DISCONNECT).
      this.runtime.logger.debug('the client closed the connection during a request');
      this.#destroy();
      return;
    }
    this.#eof = true;
    this.#core.receiveData(EOF);
    this.#pump();
  }

  #onDrain(): void {
    this.#stream?.onDrain();
  }

  #onError(error: Error): void {
    this.runtime.logger.debug(`connection error: ${error.message}`);
  }

  #onClose(): void {
    this.#phase = 'CLOSED';
    this.#stream?.onDisconnect();
    this.onClosed(this);
  }

  #applyReadPressure(): void {
    const over = this.#core.bufferedBytes > this.runtime.options.readBufferBytes;
    if (over && !this.#paused) {
      this.#paused = true;
      this.socket.pause();
    } else if (!over && this.#paused) {
      this.#paused = false;
      this.socket.resume();
    }
  }

  // ---- the event pump --------------------------------------------------------------------------------------------

  /** Pulls events from the core while someone wants them: a new request, body for the app, or body to discard. */
  #pump(): void {
    try {
      for (;;) {
        if (this.#phase === 'CLOSING' || this.#phase === 'CLOSED') return;
        const stream = this.#stream;
        if (stream !== null && !this.#bodyWanted && !(stream.finished && !this.#requestDone)) return;
        const event = this.#core.nextEvent();
        if (event === NEED_DATA || event === PAUSED) {
          if (this.#paused) this.#applyReadPressure();
          return;
        }
        if (!this.#handle(event)) return;
      }
    } catch (error) {
      this.#protocolError(error);
    }
  }

  /** Handles one core event; `false` stops the pump. */
  #handle(event: H1ServerEvent): boolean {
    switch (event.type) {
      case 'request':
        this.#startRequest(
          event.method,
          event.target,
          event.httpVersion,
          event.headers,
          event.expectContinue,
          event.bodyKind === 'none' || (event.bodyKind === 'length' && event.contentLength === 0),
        );
        return true;
      case 'data':
        if (this.#stream!.finished) return this.#discard(event.data.byteLength);
        this.#bodyWanted = false;
        this.#stream!.onBody(event.data, true);
        this.#refreshBodyDeadline();
        return true;
      case 'end-of-message':
        this.#requestDone = true;
        if (!this.#stream!.finished) {
          this.#bodyWanted = false;
          this.#stream!.onBody(EOF, false);
          return true;
        }
        this.#nextCycle();
        return false;
      case 'connection-closed':
        this.#closeAfterWrite();
        return false;
    }
  }

  /** `empty`: the request has no content (no framing fields, or content-length 0). */
  #startRequest(
    method: string,
    target: string,
    version: '1.0' | '1.1',
    headers: [string, string][],
    expect: boolean,
    empty: boolean,
  ): void {
    this.#phase = 'ACTIVE';
    this.deadline = Infinity;
    this.#requestDone = false;
    this.#continueSent = false;
    this.#expectContinue = expect;
    this.#discarded = 0;
    const { runtime } = this;
    const extensions = advertisedExtensions(version, headers);
    const scope = buildHttpScope(method, target, version, headers, this.#info, runtime, extensions);
    if (runtime.options.accessLog !== null) {
      this.#scope = scope;
      this.#target = target;
      this.#startedAt = performance.now();
    }
    const stream = new HttpStream(this, this, runtime, method === 'HEAD', extensions);
    this.#stream = stream;
    if (empty && !expect) this.#endBodyNow(stream);
    runApp(runtime.app, scope, stream);
  }

  /**
   * A request without content: its end-of-message is the core's next event, taken now so that the app's first
   * receive() finds it queued (no pull, no waiting promise) instead of asking for it (a GET's usual path).
   */
  #endBodyNow(stream: HttpStream): void {
    const event = this.#core.nextEvent();
    if (event === NEED_DATA || event === PAUSED || event.type !== 'end-of-message') {
      throw new Error(`h1 core: expected the end of a request without content, got ${typeof event === 'object' ? event.type : String(event)}`);
    }
    this.#requestDone = true;
    stream.onBody(EOF, false);
  }

  #discard(bytes: number): boolean {
    this.#discarded += bytes;
    if (this.#discarded > MAX_DISCARD_BYTES) {
      this.#closeAfterWrite();
      return false;
    }
    return true;
  }

  // ---- StreamPort ------------------------------------------------------------------------------------------------

  pullBody(): void {
    if (this.#stream === null) return;
    if (this.#expectContinue && !this.#continueSent && !this.#stream.headSent) {
      this.#continueSent = true; // spec SERVER-CONTINUE: 100 only once the app asks for the body
      this.#out.writeNow(this.#core.writeContinue());
    }
    this.#bodyWanted = true;
    this.#refreshBodyDeadline();
    this.#pump();
  }

  start(head: ResponseHead, chunk: Uint8Array, end: boolean, release?: () => void): boolean {
    const close = head.close || this.runtime.shuttingDown || (this.#expectContinue && !this.#continueSent && !this.#requestDone);
    return this.#send(this.#core.writeHeadLatin1(head.status, head.headers, close ? CLOSE : KEEP), chunk, end, release);
  }

  write(chunk: Uint8Array, end: boolean, release?: () => void): boolean {
    return this.#send(null, chunk, end, release);
  }

  #send(head: string | null, chunk: Uint8Array, end: boolean, release?: () => void): boolean {
    const core = this.#core;
    const parts = chunk.byteLength > 0 ? core.writeBody(chunk) : NO_PARTS;
    return this.#out.send(head, parts, end ? core.writeEnd() : EOF, release);
  }

  /** Trailers go in the chunked trailer section; the core drops them for other framings (EXT-TRAILERS-WIRE). */
  finish(trailers: HeaderField[]): boolean {
    const tail = this.#core.writeEnd(trailers);
    if (tail.byteLength > 0) this.#out.hold(tail);
    return this.#out.hasRoom;
  }

  /** RFC 8297: a 103 interim response, written at once (the core sends none to HTTP/1.0 peers). */
  earlyHints(headers: HeaderField[]): void {
    const bytes = this.#core.writeHead(103, headers);
    if (bytes.byteLength > 0) this.#out.writeNow(bytes);
  }

  abort(reason: string): void {
    this.runtime.logger.debug(`closing connection: ${reason}`);
    this.#phase = 'CLOSING';
    this.#destroy();
  }

  // ---- StreamObserver --------------------------------------------------------------------------------------------

  onResponseDone(stream: FinishedStream): void {
    if (this.#scope !== null) {
      logAccess(this.runtime, this.#scope, this.#target, stream, this.#startedAt);
      // An idle keep-alive connection should not hold its last request (scope, headers, target: ~0.5 KiB).
      this.#scope = null;
      this.#target = '';
    }
    if (stream.aborted || this.#phase !== 'ACTIVE') return;
    if (this.#requestDone) {
      // With nothing pipelined the next cycle only resets state, so it starts now (inside the app's last send());
      // a pipelined request waits for a microtask, so the app's send() returns before the next request starts.
      if (this.#core.bufferedBytes === 0) this.#nextCycle();
      else queueMicrotask(() => this.#nextCycle());
    } else if (this.#expectContinue && !this.#continueSent) {
      this.#closeAfterWrite(); // the client never sent the body it held back
    } else {
      queueMicrotask(() => this.#pump()); // discard the unread body, then go on
    }
  }

  // ---- cycles, timeouts and closing ------------------------------------------------------------------------------

  #nextCycle(): void {
    if (this.#phase !== 'ACTIVE' || !this.#requestDone || !this.#stream?.finished) return;
    this.#stream = null;
    this.#bodyWanted = false;
    if (!this.#core.keepAlive || this.runtime.shuttingDown || this.#eof) {
      this.#closeAfterWrite();
      return;
    }
    this.#core.startNextCycle();
    this.#phase = 'IDLE';
    this.deadline = Date.now() + this.runtime.options.keepAliveTimeout;
    if (this.#core.bufferedBytes > 0) {
      this.#enterHead(); // a pipelined request is already here
      this.#pump();
    }
  }

  #enterHead(): void {
    this.#phase = 'HEAD';
    this.#headBytesSeen = true;
    this.deadline = Date.now() + this.runtime.options.headersTimeout;
  }

  #refreshBodyDeadline(): void {
    this.deadline = this.#bodyWanted ? Date.now() + this.runtime.options.bodyTimeout : Infinity;
  }

  /** Called by the listener's sweeper when `deadline` has passed. */
  onDeadline(): void {
    switch (this.#phase) {
      case 'IDLE':
        this.#destroy(); // keep-alive idle timeout: nothing in flight, close quietly
        return;
      case 'HEAD':
        // RFC 9110 §15.5.9: 408 when a request had begun; a connection that never sent a byte just closes.
        if (this.#headBytesSeen || this.#core.bufferedBytes > 0) this.#answerError(408);
        else this.#destroy();
        return;
      case 'ACTIVE': {
        const stream = this.#stream;
        if (stream !== null && stream.awaitingBody) {
          this.runtime.logger.debug('request body timeout');
          if (!stream.headSent) this.#answerError(408);
          else this.#destroy();
          stream.onDisconnect();
        }
        return;
      }
      default:
        this.#destroy(); // lingering close ran out
    }
  }

  /** Graceful shutdown: an idle connection closes now; a busy one after its response (see `start`). */
  shutdown(): void {
    if (this.#phase === 'IDLE' || (this.#phase === 'HEAD' && this.#core.bufferedBytes === 0)) this.#destroy();
  }

  #protocolError(error: unknown): void {
    if (!(error instanceof H1RemoteProtocolError)) {
      this.runtime.logger.error('internal error in the HTTP/1.1 session', error);
      this.#destroy();
      return;
    }
    this.runtime.logger.debug(`bad request (${error.code}): ${error.message}`);
    const stream = this.#stream;
    if (stream === null || !stream.headSent) this.#answerError(error.statusHint);
    else this.#destroy();
    stream?.onDisconnect();
  }

  /** Sends a minimal error response with `connection: close` and closes (spec: SERVER-BAD-REQUEST). */
  #answerError(status: number): void {
    this.#out.writeNow(this.#core.writeErrorResponse(status));
    this.#closeAfterWrite();
  }

  /** Closes at once; bytes held for the end of the turn go first (a cut-off response keeps what it sent). */
  #destroy(): void {
    this.#out.flushHeld();
    this.socket.destroy();
  }

  #closeAfterWrite(): void {
    if (this.#phase === 'CLOSING' || this.#phase === 'CLOSED') return;
    this.#phase = 'CLOSING';
    this.deadline = Date.now() + LINGER_MS;
    if (this.#paused) {
      this.#paused = false;
      this.socket.resume();
    }
    this.#out.flushHeld();
    this.socket.end();
  }
}
