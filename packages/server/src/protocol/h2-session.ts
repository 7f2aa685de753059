/**
 * @module One HTTP/2 connection: feeds socket bytes to the `@tsgi/h2` core, turns its events into one
 * {@link HttpStream} per request stream, and writes the core's bytes back.
 *
 * Theory of operation. The core owns frames, HPACK, stream states, flow control and the abuse limits; this file
 * owns the socket, the app calls and the timers. Each request stream gets an {@link H2StreamPort}, opened and held
 * in a map by the functions of h2-streams.ts (the shared empty map while none is open). The keep-alive timeout runs
 * while no stream is open (then GOAWAY and close); the headers timeout runs until the preface and first SETTINGS
 * have come; the body timeout runs while a response waits on a window the peer never opens. Graceful shutdown
 * sends GOAWAY(NO_ERROR) with the last stream id, lets open streams finish, then closes.
 */
import type { Socket } from 'node:net';
import { ErrorCode, H2LocalError, H2ServerConnection, type H2Event, type RequestEvent } from '@tsgi/h2';
import type { ServerRuntime } from '../runtime.js';
import { logAccess, runApp, type ConnectionInfo, type FinishedStream } from '@tsgi/gateway';
import type { H2StreamHost, H2StreamPort } from './h2-stream-port.js';
import { addPort, anyBlocked, disconnectAll, NO_PORTS, removePort, retryAll, type Ports } from './h2-streams.js';
import { openStream, streamsDeadline } from './h2-streams.js';
import { writeFrames } from './h2-output.js';
import type { Session } from './session.js';

/** Where a socket's shared listeners find their session. */
const SESSION = Symbol('H2Session');
type OwnedSocket = Socket & { [SESSION]: H2Session };

/** Drives one HTTP/2 connection. */
export class H2Session implements Session, H2StreamHost {
  deadline: number;
  readonly #core: H2ServerConnection;
  /** The open streams' ports; the shared empty {@link NO_PORTS} while none is open (idle memory). */
  #streams: Ports = NO_PORTS;
  #closing = false;
  #closed = false;
  #sawPreface = false;
  #flushScheduled = false;
  /** DATA bytes queued in the core since the last write: counted against the write bound like socket bytes. */
  #unflushed = 0;
  /** Releases of chunks whose DATA is queued in the core, for the write that takes them (see writeFrames). */
  #releases: Array<() => void> | null = null;
  /** When a response last made flow-control progress (a block began or a WINDOW_UPDATE came). */
  #progressAt = 0;

  constructor(
    private readonly socket: Socket,
    private readonly runtime: ServerRuntime,
    private readonly info: ConnectionInfo,
    private readonly onClosed: (session: Session) => void,
    initial: Uint8Array | null = null,
  ) {
    const o = runtime.options;
    this.#core = new H2ServerConnection(o.h2);
    this.deadline = Date.now() + o.headersTimeout;
    // Shared listeners that find the session on the socket: no closures per connection (idle memory).
    (socket as OwnedSocket)[SESSION] = this;
    socket.on('data', H2Session.#data);
    socket.on('end', H2Session.#end);
    socket.on('drain', H2Session.#drain);
    socket.on('error', H2Session.#error);
    socket.on('close', H2Session.#close);
    this.#core.initiate();
    this.#flush();
    if (initial !== null && initial.byteLength > 0) this.#onData(initial);
  }

  static readonly #data = function (this: OwnedSocket, chunk: Uint8Array): void {
    this[SESSION].#onData(chunk);
  };
  static readonly #end = function (this: OwnedSocket): void {
    this.destroy();
  };
  static readonly #drain = function (this: OwnedSocket): void {
    this[SESSION].#onDrain();
  };
  static readonly #error = function (this: OwnedSocket, error: Error): void {
    this[SESSION].runtime.logger.debug(`h2 connection error: ${error.message}`);
  };
  static readonly #close = function (this: OwnedSocket): void {
    this[SESSION].#onClose();
  };

  // ---- socket ----

  #onData(chunk: Uint8Array): void {
    if (this.#closed) return;
    const events = this.#core.receiveData(chunk, Date.now());
    this.socket.cork();
    for (let i = 0; i < events.length; i++) this.#handle(events[i]!);
    this.#flush();
    this.socket.uncork();
    this.#updateIdle();
  }

  #onDrain(): void {
    retryAll(this.#streams);
  }

  #onClose(): void {
    this.#closed = true;
    this.#streams = disconnectAll(this.#streams);
    this.onClosed(this);
  }

  /**
   * Asks for the core's output to be written once the current turn of the event loop is over, so the frames of
   * many streams answered in one turn (h2load -m10: ten at a time) leave in one write instead of one each. The
   * profile of the hello load showed the write syscall as the largest self time.
   */
  #flush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(H2Session.#flushLater, this);
  }

  /** The deferred flush: one shared function given the session, not a closure per connection (idle memory). */
  static readonly #flushLater = (session: H2Session): void => session.#flushNow();

  /** Writes what the core has queued now (before an end or destroy, where order matters). */
  #flushNow(): void {
    this.#flushScheduled = false;
    this.#unflushed = 0;
    const frames = this.#core.dataToSend();
    if (frames.length === 0) return; // releases wait for a write that carries bytes (earlier ones may be in flight)
    const releases = this.#releases;
    this.#releases = null;
    writeFrames(this.socket, frames, releases);
  }

  // ---- core events ----

  #handle(event: H2Event): void {
    switch (event.type) {
      case 'request':
        this.#sawPreface = true;
        this.#startStream(event);
        return;
      case 'data':
        this.#streams.get(event.streamId)?.onData(event.data, event.data.byteLength, event.endStream);
        // data for a stream we dropped still counts against the connection window: give it back
        if (!this.#streams.has(event.streamId)) this.#core.acknowledgeReceivedData(event.streamId, event.data.byteLength);
        return;
      case 'trailers':
        this.#streams.get(event.streamId)?.onEnd(); // request trailers are not passed to the app in TSGI 1.0
        return;
      case 'stream-reset':
      case 'stream-error':
        this.#dropStream(event.streamId);
        return;
      case 'window-update':
        this.#progressAt = Date.now();
        if (event.streamId === 0) retryAll(this.#streams);
        else this.#streams.get(event.streamId)?.retry();
        return;
      case 'goaway':
        this.#closing = true; // the peer opens no more streams; close once ours are done
        this.#closeIfDone();
        return;
      case 'connection-error':
        this.runtime.logger.debug(`h2 connection error (code ${event.errorCode}): ${event.message}`);
        this.#flushNow();
        this.#closed = true;
        this.#streams = disconnectAll(this.#streams);
        this.socket.end();
        return;
    }
  }

  #startStream(event: RequestEvent): void {
    if (this.#closing) {
      this.#core.resetStream(event.streamId, ErrorCode.REFUSED_STREAM);
      return;
    }
    const port = openStream(event, this, this.info, this.runtime);
    this.#streams = addPort(this.#streams, port);
    if (event.endStream) port.onEnd();
    runApp(this.runtime.app, port.scope, port.stream!);
  }

  #dropStream(streamId: number): void {
    const port = this.#streams.get(streamId);
    if (port === undefined) return;
    this.#streams = removePort(this.#streams, streamId);
    this.#release(port);
    port.stream?.onDisconnect();
    this.#closeIfDone();
  }

  // ---- H2StreamHost ----

  get writable(): boolean {
    return this.socket.writableLength + this.#unflushed <= this.runtime.options.writeBufferBytes;
  }

  sendHeaders(streamId: number, headers: Array<readonly [string, string]>, endStream: boolean): void {
    this.#sendFields(streamId, headers, endStream, false);
  }

  sendTrailers(streamId: number, trailers: Array<readonly [string, string]>): void {
    this.#sendFields(streamId, trailers, true, true);
  }

  #sendFields(streamId: number, fields: Array<readonly [string, string]>, endStream: boolean, trailers: boolean): void {
    if (this.#closed) return;
    try {
      if (trailers) this.#core.sendTrailers(streamId, fields);
      else this.#core.sendHeaders(streamId, fields, endStream);
    } catch (error) {
      this.#lostStream(streamId, error);
      return;
    }
    this.#flush();
  }

  sendData(streamId: number, data: Uint8Array, endStream: boolean, release: (() => void) | null): number {
    if (this.#closed) return data.byteLength;
    let taken: number;
    try {
      taken = this.#core.sendData(streamId, data, endStream);
    } catch (error) {
      this.#lostStream(streamId, error);
      return data.byteLength;
    }
    if (release !== null && taken === data.byteLength) (this.#releases ??= []).push(release); // see writeFrames
    this.#unflushed += taken;
    // Past the write bound, write now: the socket then applies backpressure ('drain' wakes the streams).
    if (this.#unflushed > this.runtime.options.writeBufferBytes) this.#flushNow();
    else this.#flush();
    if (taken < data.byteLength && !anyBlocked(this.#streams)) {
      this.#progressAt = Date.now();
      this.deadline = this.#progressAt + this.runtime.options.bodyTimeout;
    }
    return taken;
  }

  /** Request bytes the app never took still count against the connection window: give them back. */
  #release(port: H2StreamPort): void {
    const owed = port.releaseCredit();
    if (owed > 0 && !this.#closed) this.#core.acknowledgeReceivedData(port.id, owed);
  }

  /** The core refused a send: the stream closed under it (a race with a reset). The app sees a disconnect. */
  #lostStream(streamId: number, error: unknown): void {
    if (!(error instanceof H2LocalError)) throw error;
    this.runtime.logger.debug(`h2: stream ${streamId} is gone (${error.code})`);
    this.#dropStream(streamId);
  }

  acknowledge(streamId: number, bytes: number): void {
    if (this.#closed) return;
    this.#core.acknowledgeReceivedData(streamId, bytes);
    this.#flush();
  }

  reset(streamId: number, errorCode: number): void {
    if (this.#closed) return;
    this.#core.resetStream(streamId, errorCode);
    this.#flush();
    this.#dropStream(streamId);
  }

  streamDone(port: H2StreamPort, stream: FinishedStream): void {
    logAccess(this.runtime, port.scope, port.target, stream, port.startedAt);
    if (this.#streams.get(port.id) !== port) return;
    // RFC 9113 §8.1: a complete response may be followed by RST_STREAM(NO_ERROR) to stop an unread upload.
    if (!stream.aborted && !port.requestEnded) this.#core.resetStream(port.id, ErrorCode.NO_ERROR);
    this.#streams = removePort(this.#streams, port.id);
    this.#release(port);
    this.#flush();
    this.#updateIdle();
    this.#closeIfDone();
  }

  // ---- timers and closing ----

  /** Sets the deadline once the preface has come (see {@link streamsDeadline}); until then the headers timeout runs. */
  #updateIdle(): void {
    if (this.#sawPreface) this.deadline = streamsDeadline(this.#streams, this.#progressAt, this.runtime.options);
  }

  onDeadline(): void {
    if (this.#streams.size > 0) {
      if (!anyBlocked(this.#streams)) return;
      this.runtime.logger.debug('h2: the peer left a response blocked on flow control past the body timeout');
      this.#core.goAway(ErrorCode.NO_ERROR);
      this.#flushNow();
      this.socket.destroySoon();
      return;
    }
    this.shutdown();
    this.socket.destroySoon();
  }

  shutdown(): void {
    if (this.#closed) return;
    if (!this.#closing) {
      this.#closing = true;
      this.#core.goAway(ErrorCode.NO_ERROR); // RFC 9113 §6.8: graceful, with the last stream id processed
      this.#flush();
    }
    this.#closeIfDone();
  }

  #closeIfDone(): void {
    if (this.#closing && this.#streams.size === 0 && !this.#closed) {
      this.#closed = true;
      this.#flushNow();
      this.socket.end();
    }
  }
}
