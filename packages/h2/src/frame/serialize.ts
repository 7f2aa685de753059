/**
 * @module frame/serialize
 * Frame objects and outbound frames to bytes (RFC 9113 §4.1, §6). Writers reserve space in
 * a {@link ByteSink} and fill it in place, so the connection can pack many small frames into one buffer.
 */
import { writeFrameHeader, writeUint32 } from './header.js';
import type { Frame, PriorityFields } from './types.js';
import { Flag, FRAME_HEADER_LENGTH, FrameType } from './types.js';

/** Where writers put bytes: `reserve(n)` returns the offset of `n` free octets in `buf` (which it may replace). */
export interface ByteSink {
  /** The buffer the last `reserve()` returned an offset into. */
  readonly buf: Uint8Array;
  /** Reserves `length` octets and returns their offset in `buf`. */
  reserve(length: number): number;
}

/** A sink that allocates one buffer of exactly the reserved size per call; for tests and one-off frames. */
export class CollectingSink implements ByteSink {
  buf: Uint8Array = new Uint8Array(0);
  /** Every buffer reserved so far, in order; `buf` is the last one. */
  readonly chunks: Uint8Array[] = [];
  reserve(length: number): number {
    this.buf = new Uint8Array(length);
    this.chunks.push(this.buf);
    return 0;
  }
  /** All reserved bytes, concatenated. */
  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0]!;
    let total = 0;
    for (const c of this.chunks) total += c.length;
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Writes a frame header for a payload of `length` octets and returns the payload's offset in `sink.buf`. */
export function beginFrame(sink: ByteSink, type: number, flags: number, streamId: number, length: number): number {
  const at = sink.reserve(FRAME_HEADER_LENGTH + length);
  writeFrameHeader(sink.buf, at, length, type, flags, streamId);
  return at + FRAME_HEADER_LENGTH;
}

/** SETTINGS (RFC 9113 §6.5.1): 6 octets per parameter. */
export function writeSettings(sink: ByteSink, settings: ReadonlyArray<readonly [number, number]>, ack = false): void {
  let at = beginFrame(sink, FrameType.SETTINGS, ack ? Flag.ACK : 0, 0, settings.length * 6);
  const b = sink.buf;
  for (const [id, value] of settings) {
    b[at] = (id >>> 8) & 0xff;
    b[at + 1] = id & 0xff;
    writeUint32(b, at + 2, value);
    at += 6;
  }
}

/** PING (§6.7), 8 opaque octets. */
export function writePing(sink: ByteSink, opaque: Uint8Array, ack: boolean): void {
  const at = beginFrame(sink, FrameType.PING, ack ? Flag.ACK : 0, 0, 8);
  sink.buf.set(opaque.subarray(0, 8), at);
}

/** GOAWAY (§6.8). */
export function writeGoAway(sink: ByteSink, lastStreamId: number, errorCode: number, debug?: Uint8Array): void {
  const debugLength = debug?.length ?? 0;
  const at = beginFrame(sink, FrameType.GOAWAY, 0, 0, 8 + debugLength);
  writeUint32(sink.buf, at, lastStreamId & 0x7fffffff);
  writeUint32(sink.buf, at + 4, errorCode);
  if (debug !== undefined) sink.buf.set(debug, at + 8);
}

/** RST_STREAM (§6.4). */
export function writeRstStream(sink: ByteSink, streamId: number, errorCode: number): void {
  const at = beginFrame(sink, FrameType.RST_STREAM, 0, streamId, 4);
  writeUint32(sink.buf, at, errorCode);
}

/** WINDOW_UPDATE (§6.9); stream 0 is the connection window. */
export function writeWindowUpdate(sink: ByteSink, streamId: number, increment: number): void {
  const at = beginFrame(sink, FrameType.WINDOW_UPDATE, 0, streamId, 4);
  writeUint32(sink.buf, at, increment & 0x7fffffff);
}

/** PRIORITY (§6.3). */
export function writePriority(sink: ByteSink, streamId: number, priority: PriorityFields): void {
  const at = beginFrame(sink, FrameType.PRIORITY, 0, streamId, 5);
  writePriorityFields(sink.buf, at, priority);
}

function writePriorityFields(b: Uint8Array, at: number, p: PriorityFields): void {
  writeUint32(b, at, (p.dependency & 0x7fffffff) | (p.exclusive ? 0x80000000 : 0));
  b[at + 4] = p.weight;
}

/** One DATA frame (§6.1) carrying `data` (copied), unpadded. */
export function writeData(sink: ByteSink, streamId: number, data: Uint8Array, endStream: boolean): void {
  const at = beginFrame(sink, FrameType.DATA, endStream ? Flag.END_STREAM : 0, streamId, data.length);
  copyInto(sink.buf, at, data, 0, data.length);
}

/** The 9-octet header of a DATA frame (§6.1) whose `length` payload octets the caller queues itself, unpadded. */
export function writeDataHeader(sink: ByteSink, streamId: number, length: number, endStream: boolean): void {
  const at = sink.reserve(FRAME_HEADER_LENGTH);
  writeFrameHeader(sink.buf, at, length, FrameType.DATA, endStream ? Flag.END_STREAM : 0, streamId);
}

/**
 * Copies `src[from, from + length)` to `dst` at `at`. Small copies (a hello body, a header block) go byte by byte:
 * a `subarray()` view plus `set()` cost more than the copy itself there (writeHeaderBlock and sendData were 3-4%
 * each of the h2c hello profile).
 */
function copyInto(dst: Uint8Array, at: number, src: Uint8Array, from: number, length: number): void {
  if (length <= 64) {
    for (let i = 0; i < length; i++) dst[at + i] = src[from + i]!;
  } else if (from === 0 && length === src.length) {
    dst.set(src, at);
  } else {
    dst.set(src.subarray(from, from + length), at);
  }
}

/**
 * A field block as one HEADERS frame (§6.2) followed by as many CONTINUATION frames (§6.10) as `maxFrameSize`
 * requires; END_HEADERS on the last one, END_STREAM on the HEADERS frame. The block is `block[0, blockLength)`
 * (an encoder's shared buffer is longer than the block).
 */
export function writeHeaderBlock(
  sink: ByteSink,
  streamId: number,
  block: Uint8Array,
  endStream: boolean,
  maxFrameSize: number,
  blockLength: number = block.length,
): void {
  const frames = Math.max(1, Math.ceil(blockLength / maxFrameSize));
  const at0 = sink.reserve(blockLength + frames * FRAME_HEADER_LENGTH);
  const b = sink.buf;
  let at = at0;
  for (let i = 0, from = 0; i < frames; i++) {
    const len = Math.min(maxFrameSize, blockLength - from);
    const last = i === frames - 1;
    const type = i === 0 ? FrameType.HEADERS : FrameType.CONTINUATION;
    const flags = (last ? Flag.END_HEADERS : 0) | (i === 0 && endStream ? Flag.END_STREAM : 0);
    writeFrameHeader(b, at, len, type, flags, streamId);
    copyInto(b, at + FRAME_HEADER_LENGTH, block, from, len);
    at += FRAME_HEADER_LENGTH + len;
    from += len;
  }
}

/** Writes a padded payload: Pad Length octet, `head` (fixed fields), `body`, `pad` zero octets. */
function writePadded(
  sink: ByteSink,
  type: number,
  flags: number,
  streamId: number,
  padded: boolean,
  pad: number,
  head: number,
  fillHead: (b: Uint8Array, at: number) => void,
  body: Uint8Array,
): void {
  const extra = padded ? 1 + pad : 0;
  let at = beginFrame(sink, type, flags, streamId, extra + head + body.length);
  const b = sink.buf;
  if (padded) b[at++] = pad;
  fillHead(b, at);
  b.set(body, at + head);
  b.fill(0, at + head + body.length, at + head + body.length + (padded ? pad : 0));
}

const noHead = (): void => {};

/**
 * Writes any frame object exactly as described (flags as given, padding when PADDED is set); the inverse of
 * `parseFrame`. Used by tests and the frame factory; the connection uses the specific writers above.
 */
export function writeFrame(sink: ByteSink, f: Frame): void {
  if ('unknown' in f) {
    const at = beginFrame(sink, f.type, f.flags, f.streamId, f.payload.length);
    sink.buf.set(f.payload, at);
    return;
  }
  const padded = (f.flags & Flag.PADDED) !== 0;
  switch (f.type) {
    case FrameType.DATA:
      return writePadded(sink, f.type, f.flags, f.streamId, padded, f.padLength, 0, noHead, f.data);
    case FrameType.HEADERS: {
      const p = f.priority;
      const head = p !== null ? 5 : 0;
      const flags = p !== null ? f.flags | Flag.PRIORITY : f.flags & ~Flag.PRIORITY;
      const fill = p !== null ? (b: Uint8Array, at: number) => writePriorityFields(b, at, p) : noHead;
      return writePadded(sink, f.type, flags, f.streamId, padded, f.padLength, head, fill, f.fragment);
    }
    case FrameType.PUSH_PROMISE: {
      const fill = (b: Uint8Array, at: number): void => writeUint32(b, at, f.promisedStreamId);
      return writePadded(sink, f.type, f.flags, f.streamId, padded, f.padLength, 4, fill, f.fragment);
    }
    case FrameType.PRIORITY:
      return writePriority(sink, f.streamId, f.priority);
    case FrameType.RST_STREAM:
      return writeRstStream(sink, f.streamId, f.errorCode);
    case FrameType.SETTINGS:
      return writeSettings(sink, f.settings, (f.flags & Flag.ACK) !== 0);
    case FrameType.PING:
      return writePing(sink, f.opaque, (f.flags & Flag.ACK) !== 0);
    case FrameType.GOAWAY:
      return writeGoAway(sink, f.lastStreamId, f.errorCode, f.debugData);
    case FrameType.WINDOW_UPDATE:
      return writeWindowUpdate(sink, f.streamId, f.increment);
    case FrameType.CONTINUATION: {
      const at = beginFrame(sink, f.type, f.flags, f.streamId, f.fragment.length);
      sink.buf.set(f.fragment, at);
      return;
    }
  }
}

/** Serializes one frame object to a new buffer. */
export function serializeFrame(f: Frame): Uint8Array {
  const sink = new CollectingSink();
  writeFrame(sink, f);
  return sink.bytes();
}
