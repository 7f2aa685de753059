/**
 * @module The connection half of an HTTP/1.x session: the socket's events, its phases and their timeouts, error
 * answers and closing. {@link H1Session} extends it with the requests; one object per connection either way.
 *
 * Theory of operation. Phases: HEAD (waiting for a request head; the headers timeout runs once a byte has come,
 * or from accept), ACTIVE (a request is in flight; the body timeout runs only while the app waits for body bytes),
 * IDLE (between requests on a keep-alive connection; the keep-alive timeout runs), CLOSING (we have ended our side
 * and discard input until the peer closes or a short linger passes, so a final response is not lost to a TCP reset).
 * The socket is paused while the core holds more than `readBufferBytes` (spec: FLOW-RECEIVE-PULL).
 */
import type { Socket } from 'node:net';
import { H1RemoteProtocolError, H1ServerConnection } from '@tsgi/h1';
import type { HttpStream } from '@tsgi/gateway';
import type { ServerRuntime } from '../runtime.js';
import type { Session } from './session.js';
import { H1Output } from './h1-output.js';

/** Where the connection is in its request cycle (see the module comment). */
export type H1Phase = 'HEAD' | 'ACTIVE' | 'IDLE' | 'CLOSING' | 'CLOSED';

/** The end of the input, fed to the core. */
export const EOF = new Uint8Array(0);
/** After we end our side, how long to keep reading before we drop the connection. */
const LINGER_MS = 2000;

/** Where a socket's shared listeners find their session. */
const SESSION = Symbol('H1Session');
type OwnedSocket = Socket & { [SESSION]: H1Connection };

/** One HTTP/1.x connection's phases, timeouts and closing; the requests are {@link H1Session}'s. */
export abstract class H1Connection implements Session {
  /** When the current phase's timer runs out (ms since the epoch); checked by the listener's sweeper. */
  deadline: number;
  /** The current phase (see the module comment). */
  protected phase: H1Phase = 'HEAD';
  /** The sans-IO protocol core. */
  protected readonly core: H1ServerConnection;
  /** The write side: response bytes held for the end of the turn, and the write bound. */
  protected readonly out: H1Output;
  /** The request in flight, if any. */
  protected stream: HttpStream | null = null;
  /** The peer has ended its side (no request in flight then): close after the current cycle. */
  protected eof = false;
  #paused = false;
  #headBytesSeen = false;

  constructor(
    /** The connection's socket. */
    protected readonly socket: Socket,
    /** The server's options, app and logger. */
    protected readonly runtime: ServerRuntime,
    private readonly onClosed: (session: Session) => void,
  ) {
    this.core = new H1ServerConnection(runtime.options.limits);
    this.out = new H1Output(socket, runtime.options.writeBufferBytes);
    this.deadline = Date.now() + runtime.options.headersTimeout;
    // Shared listeners that find the session on the socket: five bound functions per connection were ~0.3 KiB of
    // an idle connection's ~8.5 KiB.
    (socket as OwnedSocket)[SESSION] = this;
    socket.on('data', H1Connection.#data);
    socket.on('end', H1Connection.#end);
    socket.on('drain', H1Connection.#drain);
    socket.on('error', H1Connection.#error);
    socket.on('close', H1Connection.#close);
  }

  static readonly #data = function (this: OwnedSocket, chunk: Uint8Array): void {
    this[SESSION].onData(chunk);
  };
  static readonly #end = function (this: OwnedSocket): void {
    this[SESSION].#onEnd();
  };
  static readonly #drain = function (this: OwnedSocket): void {
    this[SESSION].stream?.onDrain();
  };
  static readonly #error = function (this: OwnedSocket, error: Error): void {
    this[SESSION].runtime.logger.debug(`connection error: ${error.message}`);
  };
  static readonly #close = function (this: OwnedSocket): void {
    this[SESSION].#onClose();
  };

  /** Pulls events from the core while someone wants them (the request side). */
  protected abstract pump(): void;

  /** Whether no request is in flight (graceful shutdown closes such connections at once). */
  get idle(): boolean {
    return this.phase !== 'ACTIVE';
  }

  // ---- socket events ---------------------------------------------------------------------------------------------

  /** Socket bytes (or bytes read while the listener sniffed for an HTTP/2 preface). */
  protected onData(chunk: Uint8Array): void {
    if (this.phase === 'CLOSING' || this.phase === 'CLOSED') return; // discard while lingering
    if (this.phase === 'IDLE') this.enterHead();
    if (!this.#headBytesSeen && this.phase === 'HEAD') this.#headBytesSeen = true;
    this.core.receiveData(chunk);
    this.pump();
    this.#applyReadPressure();
  }

  #onEnd(): void {
    if (this.phase === 'CLOSING' || this.phase === 'CLOSED') {
      this.destroy();
      return;
    }
    const stream = this.stream;
    if (stream !== null && !stream.finished) {
      // The client closed its side with a request in flight: it is gone (as nginx judges it, "client closed
      // the connection"). The app learns it from receive() and send() (spec FLOW-SEND-AFTER-DISCONNECT).
      this.runtime.logger.debug('the client closed the connection during a request');
      this.destroy();
      return;
    }
    this.eof = true;
    this.core.receiveData(EOF);
    this.pump();
  }

  #onClose(): void {
    this.phase = 'CLOSED';
    this.stream?.onDisconnect();
    this.onClosed(this);
  }

  /** The core has run out of events: resume a socket paused for read pressure once the core has room again. */
  protected relieveReadPressure(): void {
    if (this.#paused) this.#applyReadPressure();
  }

  #applyReadPressure(): void {
    const over = this.core.bufferedBytes > this.runtime.options.readBufferBytes;
    if (over && !this.#paused) {
      this.#paused = true;
      this.socket.pause();
    } else if (!over && this.#paused) {
      this.#paused = false;
      this.socket.resume();
    }
  }

  // ---- phases and timeouts ---------------------------------------------------------------------------------------

  /** A request head is awaited (or has begun): the headers timeout runs. */
  protected enterHead(): void {
    this.phase = 'HEAD';
    this.#headBytesSeen = true;
    this.deadline = Date.now() + this.runtime.options.headersTimeout;
  }

  /** Called by the listener's sweeper when `deadline` has passed. */
  onDeadline(): void {
    switch (this.phase) {
      case 'IDLE':
        this.destroy(); // keep-alive idle timeout: nothing in flight, close quietly
        return;
      case 'HEAD':
        // RFC 9110 §15.5.9: 408 when a request had begun; a connection that never sent a byte just closes.
        if (this.#headBytesSeen || this.core.bufferedBytes > 0) this.#answerError(408);
        else this.destroy();
        return;
      case 'ACTIVE': {
        const stream = this.stream;
        if (stream !== null && stream.awaitingBody) {
          this.runtime.logger.debug('request body timeout');
          if (!stream.headSent) this.#answerError(408);
          else this.destroy();
          stream.onDisconnect();
        }
        return;
      }
      default:
        this.destroy(); // lingering close ran out
    }
  }

  /** Graceful shutdown: an idle connection closes now; a busy one after its response (see `H1Session.start`). */
  shutdown(): void {
    if (this.phase === 'IDLE' || (this.phase === 'HEAD' && this.core.bufferedBytes === 0)) this.destroy();
  }

  // ---- errors and closing ----------------------------------------------------------------------------------------

  /** The core threw while the request side pulled its events. */
  protected protocolError(error: unknown): void {
    if (!(error instanceof H1RemoteProtocolError)) {
      this.runtime.logger.error('internal error in the HTTP/1.1 session', error);
      this.destroy();
      return;
    }
    this.runtime.logger.debug(`bad request (${error.code}): ${error.message}`);
    const stream = this.stream;
    if (stream === null || !stream.headSent) this.#answerError(error.statusHint);
    else this.destroy();
    stream?.onDisconnect();
  }

  /** Sends a minimal error response with `connection: close` and closes (spec: SERVER-BAD-REQUEST). */
  #answerError(status: number): void {
    this.out.writeNow(this.core.writeErrorResponse(status));
    this.closeAfterWrite();
  }

  /** Closes at once; bytes held for the end of the turn go first (a cut-off response keeps what it sent). */
  protected destroy(): void {
    this.out.flushHeld();
    this.socket.destroy();
  }

  /** Ends our side after what is written, and lingers, discarding input (see CLOSING in the module comment). */
  protected closeAfterWrite(): void {
    if (this.phase === 'CLOSING' || this.phase === 'CLOSED') return;
    this.phase = 'CLOSING';
    this.deadline = Date.now() + LINGER_MS;
    if (this.#paused) {
      this.#paused = false;
      this.socket.resume();
    }
    this.out.flushHeld();
    this.socket.end();
  }
}
