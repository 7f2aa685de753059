/**
 * @module One HTTP/1.x connection: feeds socket bytes to the `@tsgi/h1` core, turns its events into one
 * {@link HttpStream} per request, and writes the core's bytes back.
 *
 * Theory of operation. This file holds the requests; the socket's events, the phases (HEAD, ACTIVE, IDLE, CLOSING)
 * with their timeouts, error answers and closing are {@link H1Connection}'s (h1-connection.ts), which this class
 * extends (one object per connection). Requests on a connection are answered one at a time, in order; pipelined
 * bytes wait in the core. Body events are pulled from the core only when the app asks (`pullBody`); a request
 * body the app left unread is discarded, up to a bound, before the next request.
 */
import type { Socket } from 'node:net';
import { NEED_DATA, PAUSED, type H1ServerEvent } from '@tsgi/h1';
import type { HeaderField, HttpScope } from '@tsgi/spec';
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
import { EOF, H1Connection } from './h1-connection.js';

const CLOSE = Object.freeze({ close: true });
const KEEP = Object.freeze({ close: false });
const NO_PARTS: Uint8Array[] = [];
/** Unread request body we discard after a response before we give up and close (RFC 9112 §9.6 lets us close). */
const MAX_DISCARD_BYTES = 1 << 20;

/** Drives one HTTP/1.x connection. */
export class H1Session extends H1Connection implements StreamPort, StreamObserver {
  #bodyWanted = false;
  #requestDone = false;
  #continueSent = false;
  #expectContinue = false;
  #discarded = 0;
  readonly #info: ConnectionInfo;
  // for the access log
  /** The scope of the request in flight, for its access-log entry. */
  #scope: HttpScope | null = null;
  #target = '';
  #startedAt = 0;

  constructor(
    socket: Socket,
    runtime: ServerRuntime,
    info: ConnectionInfo,
    onClosed: (session: Session) => void,
    /** Bytes already read from the socket (while the listener sniffed for an HTTP/2 preface). */
    initial: Uint8Array | null = null,
  ) {
    super(socket, runtime, onClosed);
    this.#info = info;
    if (initial !== null && initial.byteLength > 0) this.onData(initial);
  }

  // ---- the event pump --------------------------------------------------------------------------------------------

  /** Pulls events from the core while someone wants them: a new request, body for the app, or body to discard. */
  protected pump(): void {
    try {
      for (;;) {
        if (this.phase === 'CLOSING' || this.phase === 'CLOSED') return;
        const stream = this.stream;
        if (stream !== null && !this.#bodyWanted && !(stream.finished && !this.#requestDone)) return;
        const event = this.core.nextEvent();
        if (event === NEED_DATA || event === PAUSED) {
          this.relieveReadPressure();
          return;
        }
        if (!this.#handle(event)) return;
      }
    } catch (error) {
      this.protocolError(error);
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
        if (this.stream!.finished) return this.#discard(event.data.byteLength);
        this.#bodyWanted = false;
        this.stream!.onBody(event.data, true);
        this.#refreshBodyDeadline();
        return true;
      case 'end-of-message':
        this.#requestDone = true;
        if (!this.stream!.finished) {
          this.#bodyWanted = false;
          this.stream!.onBody(EOF, false);
          return true;
        }
        this.#nextCycle();
        return false;
      case 'connection-closed':
        this.closeAfterWrite();
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
    this.phase = 'ACTIVE';
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
    this.stream = stream;
    if (empty && !expect) this.#endBodyNow(stream);
    runApp(runtime.app, scope, stream);
  }

  /**
   * A request without content: its end-of-message is the core's next event, taken now so that the app's first
   * receive() finds it queued (no pull, no waiting promise) instead of asking for it (a GET's usual path).
   */
  #endBodyNow(stream: HttpStream): void {
    const event = this.core.nextEvent();
    if (event === NEED_DATA || event === PAUSED || event.type !== 'end-of-message') {
      throw new Error(`h1 core: expected the end of a request without content, got ${typeof event === 'object' ? event.type : String(event)}`);
    }
    this.#requestDone = true;
    stream.onBody(EOF, false);
  }

  #discard(bytes: number): boolean {
    this.#discarded += bytes;
    if (this.#discarded > MAX_DISCARD_BYTES) {
      this.closeAfterWrite();
      return false;
    }
    return true;
  }

  // ---- StreamPort ------------------------------------------------------------------------------------------------

  pullBody(): void {
    if (this.stream === null) return;
    if (this.#expectContinue && !this.#continueSent && !this.stream.headSent) {
      this.#continueSent = true; // spec SERVER-CONTINUE: 100 only once the app asks for the body
      this.out.writeNow(this.core.writeContinue());
    }
    this.#bodyWanted = true;
    this.#refreshBodyDeadline();
    this.pump();
  }

  start(head: ResponseHead, chunk: Uint8Array, end: boolean, release?: () => void): boolean {
    const close = head.close || this.runtime.shuttingDown || (this.#expectContinue && !this.#continueSent && !this.#requestDone);
    return this.#send(this.core.writeHeadLatin1(head.status, head.headers, close ? CLOSE : KEEP), chunk, end, release);
  }

  write(chunk: Uint8Array, end: boolean, release?: () => void): boolean {
    return this.#send(null, chunk, end, release);
  }

  #send(head: string | null, chunk: Uint8Array, end: boolean, release?: () => void): boolean {
    const core = this.core;
    const parts = chunk.byteLength > 0 ? core.writeBody(chunk) : NO_PARTS;
    return this.out.send(head, parts, end ? core.writeEnd() : EOF, release);
  }

  /** Trailers go in the chunked trailer section; the core drops them for other framings (EXT-TRAILERS-WIRE). */
  finish(trailers: HeaderField[]): boolean {
    const tail = this.core.writeEnd(trailers);
    if (tail.byteLength > 0) this.out.hold(tail);
    return this.out.hasRoom;
  }

  /** RFC 8297: a 103 interim response, written at once (the core sends none to HTTP/1.0 peers). */
  earlyHints(headers: HeaderField[]): void {
    const bytes = this.core.writeHead(103, headers);
    if (bytes.byteLength > 0) this.out.writeNow(bytes);
  }

  abort(reason: string): void {
    this.runtime.logger.debug(`closing connection: ${reason}`);
    this.phase = 'CLOSING';
    this.destroy();
  }

  // ---- StreamObserver --------------------------------------------------------------------------------------------

  onResponseDone(stream: FinishedStream): void {
    if (this.#scope !== null) {
      logAccess(this.runtime, this.#scope, this.#target, stream, this.#startedAt);
      // An idle keep-alive connection should not hold its last request (scope, headers, target: ~0.5 KiB).
      this.#scope = null;
      this.#target = '';
    }
    if (stream.aborted || this.phase !== 'ACTIVE') return;
    if (this.#requestDone) {
      // With nothing pipelined the next cycle only resets state, so it starts now (inside the app's last send());
      // a pipelined request waits for a microtask, so the app's send() returns before the next request starts.
      if (this.core.bufferedBytes === 0) this.#nextCycle();
      else queueMicrotask(() => this.#nextCycle());
    } else if (this.#expectContinue && !this.#continueSent) {
      this.closeAfterWrite(); // the client never sent the body it held back
    } else {
      queueMicrotask(() => this.pump()); // discard the unread body, then go on
    }
  }

  // ---- cycles -------------------------------------------------------------------------------------------------------

  #nextCycle(): void {
    if (this.phase !== 'ACTIVE' || !this.#requestDone || !this.stream?.finished) return;
    this.stream = null;
    this.#bodyWanted = false;
    if (!this.core.keepAlive || this.runtime.shuttingDown || this.eof) {
      this.closeAfterWrite();
      return;
    }
    this.core.startNextCycle();
    this.phase = 'IDLE';
    this.deadline = Date.now() + this.runtime.options.keepAliveTimeout;
    if (this.core.bufferedBytes > 0) {
      this.enterHead(); // a pipelined request is already here
      this.pump();
    }
  }

  #refreshBodyDeadline(): void {
    this.deadline = this.#bodyWanted ? Date.now() + this.runtime.options.bodyTimeout : Infinity;
  }
}
