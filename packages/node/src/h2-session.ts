/**
 * @module What the streams of one HTTP/2 session share (its connection, its count of open streams, one `error`
 * listener) and the session's keep-alive timeout: made once per session, so a stream's port needs no closures of its
 * own for these.
 *
 * Why not `session.setTimeout()`: Node then refreshes the session's timer on every read and write of every stream
 * (a timer-list insert and a clock read each time, ~1.5% of the busy time under the h2c hello load), while the
 * keep-alive timeout only asks how long the session has had no stream open. So the clock is read when the last open
 * stream closes, and one timer, armed only while none is, checks that when it fires.
 */
import type { Http2Session } from 'node:http2';
import type { Connection } from './connection.js';
import type { NodeRuntime } from './runtime.js';

/** The state one HTTP/2 session's streams share. */
export class H2SessionState {
  /**
   * Streams open for the app: not reset, and with a response not yet ended or still leaving (the keep-alive timeout
   * closes the session only at 0).
   */
  #open = 0;
  /** `performance.now()` when `#open` last fell to 0 (or the session began). */
  #idleSince: number;
  /** Armed while no stream is open (at most one; it re-arms itself if a stream came and went meanwhile). */
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** The `error` listener of every stream of the session (an unheard `error` would crash the process). */
  readonly onStreamError: (error: Error) => void;

  constructor(
    /** The server's runtime: options, logger, the app. */
    readonly runtime: NodeRuntime,
    /** The connection the session runs on (its ends, for the scopes). */
    readonly connection: Connection,
    private readonly session: Http2Session,
  ) {
    this.onStreamError = (error: Error): void => runtime.logger.debug(`h2 stream error: ${error.message}`);
    this.#idleSince = performance.now();
    this.#arm(runtime.options.keepAliveTimeout);
  }

  /** Streams open for the app (see `#open`). */
  get open(): number {
    return this.#open;
  }

  /** A stream of the session opened. */
  streamOpened(): void {
    this.#open++;
  }

  /**
   * A stream of the session is over: its response has left, or it was reset. At the last one the session's idle
   * time starts.
   */
  streamClosed(): void {
    if (--this.#open > 0) return;
    this.#idleSince = performance.now();
    if (this.#timer === null) this.#arm(this.runtime.options.keepAliveTimeout);
  }

  /** The session closed: its timer goes. */
  stop(): void {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #arm(ms: number): void {
    if (this.#closed) return;
    this.#timer = setTimeout(this.#onTimer, ms);
    this.#timer.unref(); // the listening server, not an idle session, keeps the process alive
  }

  /** Keep-alive on HTTP/2: a session with no stream open this long is closed with GOAWAY (RFC 9113 §6.8). */
  readonly #onTimer = (): void => {
    this.#timer = null;
    if (this.#open > 0 || this.#closed) return; // the next `streamClosed()` at 0 arms a fresh one
    const timeout = this.runtime.options.keepAliveTimeout;
    const idle = performance.now() - this.#idleSince;
    if (idle >= timeout) this.session.close();
    else this.#arm(timeout - idle);
  };
}
