/**
 * @module connection/outbound
 * The send side. {@link OutboundQueue} packs outgoing frames into shared buffers;
 * the `send*` functions implement the public send methods: §8 checks on outgoing headers, the stream table's
 * SEND_* rules, and DATA gated by the peer's stream and connection windows and max frame size (§5.2, §6.9).
 */
import type { SharedBlock } from '@tsgi/hpack';
import { ErrorCode } from '../error-codes.js';
import { H2LocalError } from '../errors.js';
import { writeData, writeDataHeader, writeHeaderBlock, type ByteSink } from '../frame/serialize.js';
import { checkOutgoingFields, type HeaderList } from '../message-rules.js';
import type { StreamInput } from '../stream/state.js';
import { transition } from '../stream/state.js';
import type { H2Stream } from '../stream/stream.js';
import type { ConnectionContext } from './context.js';

/** The largest buffer frames are packed into (a single larger frame gets a buffer of its own size). */
const CHUNK_SIZE = 32768;
/** The first buffer after a quiet spell: an idle connection's SETTINGS, PING and WINDOW_UPDATE frames fit. */
const FIRST_CHUNK_SIZE = 1024;
const EMPTY = new Uint8Array(0);

/**
 * DATA payloads this long or longer are queued as views of the caller's bytes instead of being copied into the send
 * buffer (the spec's MSG-BODY-OWNERSHIP lets the server write an app's body out without copying). Copying a 1 MiB
 * file's DATA, into freshly zeroed 32 KiB buffers, was ~35% of the server's busy time (copy, zeroing and the
 * collector) in the h2c file benchmark; below this size the copy costs less than an extra iovec in the write.
 */
export const ZERO_COPY_DATA = 4096;

/**
 * Outgoing bytes. Frames are written straight into a buffer; many small frames share one buffer, and bytes handed
 * out by `take()` are never written again (later frames go after them, or into a new buffer). Buffers start at
 * 1 KiB and double up to 32 KiB while the connection keeps filling them; {@link release} drops the buffer of a
 * quiet connection, so an idle connection holds none (each used to hold 32 KiB from the start: most of the
 * memory of an idle h2c connection).
 */
export class OutboundQueue implements ByteSink {
  buf: Uint8Array = EMPTY;
  #start = 0;
  #used = 0;
  #nextSize = FIRST_CHUNK_SIZE;
  #chunks: Uint8Array[] = [];
  #chunkBytes = 0;
  /** Control frames queued since the last `take()`. */
  controlFrames = 0;
  /** Control-frame octets queued since the last `take()`. */
  controlBytes = 0;

  /** Octets queued and not yet taken. */
  get queuedBytes(): number {
    return this.#chunkBytes + this.#used - this.#start;
  }

  reserve(length: number): number {
    if (this.#used + length > this.buf.length) {
      this.#seal();
      this.buf = new Uint8Array(Math.max(this.#nextSize, length));
      this.#nextSize = Math.min(CHUNK_SIZE, this.#nextSize * 2);
      this.#start = 0;
      this.#used = 0;
    }
    const at = this.#used;
    this.#used += length;
    return at;
  }

  /** Counts one control frame of `bytes` octets. */
  countControl(bytes: number): void {
    this.controlFrames++;
    this.controlBytes += bytes;
  }

  /** Everything queued, in order, and resets the control-frame counters. */
  take(): Uint8Array[] {
    this.#seal();
    const chunks = this.#chunks;
    this.#chunks = [];
    this.#chunkBytes = 0;
    this.controlFrames = 0;
    this.controlBytes = 0;
    return chunks;
  }

  /** Drops the buffer when nothing is queued (the connection has no open stream): the next frame starts small. */
  release(): void {
    if (this.#chunkBytes > 0 || this.#used > this.#start) return;
    this.buf = EMPTY;
    this.#start = 0;
    this.#used = 0;
    this.#nextSize = FIRST_CHUNK_SIZE;
  }

  /**
   * Queues `bytes` as they are, after everything reserved so far (no copy): for DATA payloads, whose owner keeps
   * them unchanged until written (see {@link ZERO_COPY_DATA}).
   */
  append(bytes: Uint8Array): void {
    this.#seal();
    this.#chunks.push(bytes);
    this.#chunkBytes += bytes.length;
  }

  #seal(): void {
    if (this.#used === this.#start) return;
    this.#chunks.push(this.buf.subarray(this.#start, this.#used));
    this.#chunkBytes += this.#used - this.#start;
    this.#start = this.#used;
  }
}

function usable(cx: ConnectionContext): void {
  if (cx.terminated) throw new H2LocalError('H2_LOCAL_CLOSED', 'the connection is closed');
}

/** The tracked stream `id`, or a local error saying why there is none. */
function streamFor(cx: ConnectionContext, id: number): H2Stream {
  usable(cx);
  const stream = cx.streams.get(id);
  if (stream !== undefined) return stream;
  const state = cx.stateOf(id);
  if (state === 'IDLE') throw new H2LocalError('H2_LOCAL_UNKNOWN_STREAM', `stream ${id} was never opened by the peer`);
  throw new H2LocalError('H2_LOCAL_BAD_STATE', `stream ${id} is closed (${state ?? 'CLOSED'})`);
}

/** Throws unless `(stream.state, input)` leads to a state. */
function allowed(stream: H2Stream, input: StreamInput): void {
  const next = transition(stream.state, input);
  if (typeof next !== 'string') {
    throw new H2LocalError('H2_LOCAL_BAD_STATE', `${input} on stream ${stream.id} in ${stream.state}: ${next.rule}`);
  }
}

function endStream(cx: ConnectionContext, stream: H2Stream): void {
  stream.apply('SEND_END_STREAM');
  cx.closeStream(stream);
}

function writeBlock(cx: ConnectionContext, stream: H2Stream, list: HeaderList, end: boolean): void {
  let block: SharedBlock;
  try {
    // Copied into the frames at once: no block of its own. checkOutgoing has refused every char above U+00FF
    // (§8.2.1 names are ASCII, values valueProblem-checked), so the encoder need not scan for them again.
    block = cx.encoder.encodeShared(list, true);
  } catch (cause) {
    throw new H2LocalError('H2_LOCAL_INVALID_HEADER', 'header list is not latin1', { cause });
  }
  writeHeaderBlock(cx.out, stream.id, block.bytes, end, cx.peer.maxFrameSize, block.length);
  stream.apply('SEND_HEADERS');
  if (end) endStream(cx, stream);
}

/** `sendHeaders`: response headers, 1xx any number of times before one final response (RFC 9113 §8.1). */
export function sendHeaders(cx: ConnectionContext, id: number, headers: HeaderList, end: boolean): void {
  const stream = streamFor(cx, id);
  const status = checkOutgoingFields(headers, false, cx.sentFields);
  if (stream.responseStarted) throw new H2LocalError('H2_LOCAL_BAD_STATE', `stream ${id}: response already started`);
  // §8.1: "An endpoint that receives a HEADERS frame without the END_STREAM flag set after receiving the HEADERS
  // frame that opens a request or after receiving a final (non-informational) status code" -- 1xx cannot end it.
  if (status < 200 && end) throw new H2LocalError('H2_LOCAL_BAD_STATE', 'an informational response cannot end the stream');
  allowed(stream, 'SEND_HEADERS');
  if (status >= 200) stream.responseStarted = true;
  writeBlock(cx, stream, headers, end);
}

/** `sendTrailers`: a HEADERS frame with END_STREAM after the response content (§8.1). */
export function sendTrailers(cx: ConnectionContext, id: number, headers: HeaderList): void {
  const stream = streamFor(cx, id);
  checkOutgoingFields(headers, true, cx.sentFields);
  if (!stream.responseStarted) throw new H2LocalError('H2_LOCAL_BAD_STATE', `stream ${id}: trailers before headers`);
  allowed(stream, 'SEND_HEADERS');
  writeBlock(cx, stream, headers, true);
}

/** Octets sendable on `id` now: min of stream and connection windows, never negative. */
export function availableWindow(cx: ConnectionContext, id: number): number {
  const stream = cx.streams.get(id);
  if (stream === undefined || cx.terminated) return 0;
  return Math.max(0, Math.min(stream.sendWindow, cx.sendWindow));
}

/**
 * `sendData`: as much of `data` as the windows allow, in DATA frames no larger than the peer's
 * SETTINGS_MAX_FRAME_SIZE (§4.2, §6.9.1: "The sender MUST NOT send a flow-controlled frame with a length that
 * exceeds the space available in either of the flow-control windows advertised by the receiver").
 */
export function sendData(cx: ConnectionContext, id: number, data: Uint8Array, end: boolean): number {
  const stream = streamFor(cx, id);
  if (!stream.responseStarted) throw new H2LocalError('H2_LOCAL_BAD_STATE', `stream ${id}: DATA before headers`);
  allowed(stream, 'SEND_DATA');
  const n = Math.min(data.length, availableWindow(cx, id));
  const all = n === data.length;
  if (n === 0) {
    if (all && end) {
      writeData(cx.out, id, EMPTY, true);
      endStream(cx, stream);
    }
    return 0;
  }
  const max = cx.peer.maxFrameSize;
  if (n < ZERO_COPY_DATA) {
    writeData(cx.out, id, n === data.length ? data : data.subarray(0, n), end && all); // one frame: no view needed
  } else {
    for (let off = 0; off < n; off += max) {
      const len = Math.min(max, n - off);
      writeDataHeader(cx.out, id, len, end && all && off + len === n);
      cx.out.append(off === 0 && len === data.length ? data : data.subarray(off, off + len));
    }
  }
  stream.sendWindow -= n;
  cx.sendWindow -= n;
  if (end && all) endStream(cx, stream);
  return n;
}

/** `resetStream`: RST_STREAM from the application; a no-op on a stream that is already closed. */
export function resetStream(cx: ConnectionContext, id: number, errorCode: number): void {
  usable(cx);
  if (!cx.streams.has(id)) {
    if (cx.stateOf(id) === 'IDLE') throw new H2LocalError('H2_LOCAL_UNKNOWN_STREAM', `stream ${id} was never opened`);
    return;
  }
  cx.resetStream(id, errorCode);
}

/** `acknowledgeReceivedData`: credit back consumed request content (stream and connection, coalesced). */
export function acknowledge(cx: ConnectionContext, id: number, bytes: number): void {
  if (cx.terminated || !(bytes > 0)) return;
  const stream = cx.streams.get(id);
  let take: number;
  if (stream !== undefined) {
    take = Math.min(bytes, stream.recv.unacked);
    cx.creditStream(stream, take);
  } else {
    const credits = cx.pendingCredit;
    const pending = credits?.get(id) ?? 0;
    take = Math.min(bytes, pending);
    if (credits !== null && pending > 0) {
      if (pending - take > 0) credits.set(id, pending - take);
      else credits.delete(id);
    }
  }
  if (take > 0) cx.creditConnection(take);
}

/** `goAway`: GOAWAY with the last processed stream id; with an error code the connection stops at once (§6.8). */
export function goAway(cx: ConnectionContext, errorCode: number, debug: string): void {
  usable(cx);
  cx.sendGoAway(errorCode, debug);
  if (errorCode !== ErrorCode.NO_ERROR) cx.terminate();
}
