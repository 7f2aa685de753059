/**
 * @module connection/connection
 * {@link H2ServerConnection}, the public sans-IO HTTP/2 server connection: bytes in
 * -> events out, method calls -> bytes queued for `dataToSend()`. Dispatches frames to the `on-*.ts` handlers and
 * turns their errors into RST_STREAM (stream errors) or GOAWAY (connection errors), RFC 9113 §5.4.
 */
import { ErrorCode } from '../error-codes.js';
import { H2ConnectionError, H2LocalError, H2StreamError } from '../errors.js';
import type { H2Event } from '../events.js';
import type { Frame } from '../frame/types.js';
import { FrameType } from '../frame/types.js';
import type { HeaderList } from '../message-rules.js';
import { type H2Settings, resolveSettings } from '../settings.js';
import { ConnectionContext, NO_EVENTS } from './context.js';
import { type H2Limits, resolveLimits } from './limits.js';
import { onGoAway, onPing, onPriority, onPushPromise, onRstStream, onWindowUpdate } from './on-control.js';
import { onData } from './on-data.js';
import { onContinuation, onHeaders } from './on-headers.js';
import { onSettings, sendPreface } from './on-settings.js';
import * as outbound from './outbound.js';

/** Options of {@link H2ServerConnection}. */
export interface H2ServerOptions {
  /** What we advertise; defaults in `DEFAULT_SETTINGS`. */
  settings?: Partial<H2Settings>;
  /** Denial-of-service limits; defaults in `DEFAULT_LIMITS`. */
  limits?: Partial<H2Limits>;
}

/** What the reader is fed after a chunk, so it keeps none. */
const NO_BYTES = new Uint8Array(0);

/**
 * Resolved settings and limits by the options object they came from: a server passes the same object for every
 * connection, and two copies per connection were ~0.2 KiB of every idle one. Resolved (and validated) the first
 * time an object is seen; weak, so options objects can go.
 */
const resolved = new WeakMap<H2ServerOptions, readonly [H2Settings, H2Limits]>();

function resolvedOptions(options: H2ServerOptions): readonly [H2Settings, H2Limits] {
  let both = resolved.get(options);
  if (both === undefined) {
    both = [Object.freeze(resolveSettings(options.settings)), Object.freeze(resolveLimits(options.limits))];
    resolved.set(options, both);
  }
  return both;
}

/**
 * The server side of one HTTP/2 connection (RFC 9113), without I/O.
 *
 * Feed received bytes to {@link receiveData} (with the caller's clock in ms, which drives the rate limits), act on
 * the events, call the send methods, and write {@link dataToSend} to the transport. Call `dataToSend()` only when
 * the transport can take more: while it cannot, the control frames the peer provokes pile up and are bounded by
 * `maxControlFramesQueued` / `maxBufferedOutboundBytes`.
 */
export class H2ServerConnection {
  readonly #cx: ConnectionContext;
  #initiated = false;

  /** Throws {@link H2LocalError} `H2_LOCAL_INVALID_OPTION` for out-of-range settings or limits. */
  constructor(options: H2ServerOptions = {}) {
    const [settings, limits] = resolvedOptions(options);
    this.#cx = new ConnectionContext(settings, limits);
  }

  /** Queues our preface: SETTINGS and the connection WINDOW_UPDATE. Called by the first receiveData() if not before. */
  initiate(): void {
    if (this.#initiated) throw new H2LocalError('H2_LOCAL_BAD_STATE', 'initiate() was already called');
    this.#initiated = true;
    sendPreface(this.#cx);
  }

  /**
   * Processes received bytes (the client preface first) and returns the events they produced. Never throws for
   * peer misbehaviour: a connection error ends with a 'connection-error' event (GOAWAY queued, later input
   * ignored); a stream error yields 'stream-error' (RST_STREAM queued). `nowMs` is the caller's monotonic clock; when
   * omitted, the last value given is reused (the rate-limit buckets then do not refill).
   */
  receiveData(bytes: Uint8Array, nowMs?: number): H2Event[] {
    const cx = this.#cx;
    if (cx.terminated) return [];
    if (!this.#initiated) this.initiate();
    if (nowMs !== undefined) cx.now = nowMs;
    const events: H2Event[] = [];
    cx.events = events;
    cx.reader.feed(bytes);
    try {
      while (!cx.terminated) {
        const frame = this.#nextFrame();
        if (frame === null) break;
        if (frame !== undefined) this.#dispatch(frame);
        this.#checkOutbound();
      }
    } catch (e) {
      if (!(e instanceof H2ConnectionError)) throw e;
      cx.connectionError(e);
    }
    cx.reader.feed(NO_BYTES); // let go of the chunk (one shared empty array: a new one was kept by every idle connection)
    cx.events = NO_EVENTS;
    return events;
  }

  /** The next frame, `null` when input is exhausted, `undefined` after a stream error in the frame's parsing. */
  #nextFrame(): Frame | null | undefined {
    try {
      return this.#cx.reader.next();
    } catch (e) {
      if (!(e instanceof H2StreamError)) throw e;
      this.#cx.streamError(e);
      return undefined;
    }
  }

  #dispatch(f: Frame): void {
    const cx = this.#cx;
    // §3.4: "The SETTINGS frame MUST be the first frame the client sends" after the preface.
    if (!cx.sawPeerSettings) {
      if (f.type !== FrameType.SETTINGS || 'unknown' in f || (f.flags & 0x1) !== 0) {
        throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'the client preface must be followed by SETTINGS');
      }
      cx.sawPeerSettings = true;
    }
    // §6.10: inside a field block, "a receiver MUST treat the receipt of any other type of frame or a frame on a
    // different stream as a connection error of type PROTOCOL_ERROR" (also extension frames, §5.5).
    if (cx.headerBlock !== null && f.type !== FrameType.CONTINUATION) {
      throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, `frame type ${f.type} inside a field block`);
    }
    // §5.5: "Implementations MUST discard frames that have unknown or unsupported types."
    if ('unknown' in f) return;
    try {
      switch (f.type) {
        case FrameType.DATA:
          return onData(cx, f);
        case FrameType.HEADERS:
          return onHeaders(cx, f);
        case FrameType.PRIORITY:
          return onPriority(cx, f);
        case FrameType.RST_STREAM:
          return onRstStream(cx, f);
        case FrameType.SETTINGS:
          return onSettings(cx, f);
        case FrameType.PUSH_PROMISE:
          return onPushPromise(cx, f);
        case FrameType.PING:
          return onPing(cx, f);
        case FrameType.GOAWAY:
          return onGoAway(cx, f);
        case FrameType.WINDOW_UPDATE:
          return onWindowUpdate(cx, f);
        case FrameType.CONTINUATION:
          return onContinuation(cx, f);
      }
    } catch (e) {
      if (!(e instanceof H2StreamError)) throw e;
      cx.streamError(e);
    }
  }

  /** Go's maxQueuedControlFrames, in octets too: a peer that provokes frames but does not read is cut off. */
  #checkOutbound(): void {
    const { out, limits } = this.#cx;
    if (out.controlFrames > limits.maxControlFramesQueued || out.controlBytes > limits.maxBufferedOutboundBytes) {
      throw new H2ConnectionError(ErrorCode.ENHANCE_YOUR_CALM, 'too many control frames queued: the peer is not reading');
    }
  }

  /**
   * Bytes to write to the transport, in order (an empty array when none). The core never touches them again; large
   * DATA payloads among them are views of what was given to {@link sendData}.
   */
  dataToSend(): Uint8Array[] {
    const cx = this.#cx;
    const out = cx.out.take();
    if (cx.streams.size === 0) cx.out.release(); // a quiet connection keeps no send buffer
    return out;
  }

  /**
   * Sends response headers (`:status` first, then lowercase regular fields). 1xx responses may precede the final
   * one. Throws {@link H2LocalError} for an invalid list (connection-specific fields included) or a bad state.
   */
  sendHeaders(streamId: number, headers: ReadonlyArray<readonly [string, string]>, endStream: boolean): void {
    outbound.sendHeaders(this.#cx, streamId, headers as HeaderList, endStream);
  }

  /**
   * Sends as much of `data` as the peer's windows and max frame size allow and returns how many octets were taken
   * (0 when the window is closed). `endStream` applies only when all of `data` was taken. Payloads of
   * {@link ZERO_COPY_DATA} octets or more are not copied: {@link dataToSend} returns views of `data` itself, so the
   * caller must not change those bytes until it has written them (small ones are copied next to their headers).
   */
  sendData(streamId: number, data: Uint8Array, endStream: boolean): number {
    return outbound.sendData(this.#cx, streamId, data, endStream);
  }

  /** Sends trailers (HEADERS with END_STREAM, no pseudo-headers) after the response headers. */
  sendTrailers(streamId: number, headers: ReadonlyArray<readonly [string, string]>): void {
    outbound.sendTrailers(this.#cx, streamId, headers);
  }

  /** Octets that may be sent on the stream now (min of stream and connection windows). */
  availableWindow(streamId: number): number {
    return outbound.availableWindow(this.#cx, streamId);
  }

  /**
   * Gives flow-control credit back for `bytes` of request content the application consumed (the `data.length`
   * of 'data' events). WINDOW_UPDATEs are coalesced until half a window is owed.
   */
  acknowledgeReceivedData(streamId: number, bytes: number): void {
    outbound.acknowledge(this.#cx, streamId, bytes);
  }

  /** Resets a stream (RST_STREAM with `errorCode`); a no-op if it is already closed. */
  resetStream(streamId: number, errorCode: number): void {
    outbound.resetStream(this.#cx, streamId, errorCode);
  }

  /**
   * Sends GOAWAY with the last processed stream id. With NO_ERROR (the default) it is graceful: open streams
   * finish, new streams above that id are refused (REFUSED_STREAM), and `closed` turns true when none remain.
   * With another code the connection stops at once.
   */
  goAway(errorCode: number = ErrorCode.NO_ERROR, debug = ''): void {
    outbound.goAway(this.#cx, errorCode, debug);
  }

  /** Open and half-closed streams (those counting against maxConcurrentStreams). */
  get openStreams(): number {
    return this.#cx.streams.size;
  }

  /** True after a connection error (either side), or after a GOAWAY was sent or received and no stream remains. */
  get closed(): boolean {
    const cx = this.#cx;
    return cx.terminated || ((cx.goAwaySent || cx.goAwayReceived) && cx.streams.size === 0);
  }
}
