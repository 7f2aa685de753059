/**
 * @module frame/buffer
 * Splits the inbound byte stream into frames: the client preface, then 9-octet headers and
 * payloads. Whole frames inside one input chunk are parsed in place (payloads view the caller's bytes); a frame
 * split across chunks is assembled in one buffer of its exact size, so input is copied at most once.
 */
import { ErrorCode } from '../error-codes.js';
import { H2ConnectionError } from '../errors.js';
import { readFrameHeader } from './header.js';
import { parseFrame } from './parse.js';
import type { Frame, FrameHeader } from './types.js';
import { CLIENT_PREFACE, FRAME_HEADER_LENGTH } from './types.js';

const EMPTY = new Uint8Array(0);

/**
 * The header of the frame being read, shared by every reader: it is filled and parsed within one synchronous
 * `next()` call (the parsed frame copies what it needs), so no two readers ever use it at once. One per connection
 * was ~0.06 KiB of every idle connection.
 */
const HEADER: FrameHeader = { length: 0, type: 0, flags: 0, streamId: 0 };

/** Incremental frame reader. `feed()` a chunk, then call `next()` until it returns `null`. */
export class FrameReader {
  /** Largest payload accepted (our SETTINGS_MAX_FRAME_SIZE); see RFC 9113 §4.2. */
  maxFrameSize: number;
  #input: Uint8Array = EMPTY;
  #pos = 0;
  #prefaceSeen: number;
  /** A frame (or, when `#headerOnly`, just its header) being assembled across chunks. */
  #partial: Uint8Array | null = null;
  #filled = 0;
  #headerOnly = false;

  /** @param maxFrameSize initial SETTINGS_MAX_FRAME_SIZE; @param expectPreface whether the client preface comes first. */
  constructor(maxFrameSize: number, expectPreface = true) {
    this.maxFrameSize = maxFrameSize;
    this.#prefaceSeen = expectPreface ? 0 : CLIENT_PREFACE.length;
  }

  /** Whether the whole client preface has been received. */
  get prefaceReceived(): boolean {
    return this.#prefaceSeen === CLIENT_PREFACE.length;
  }

  /** Supplies the next chunk of input. The previous chunk must have been drained with `next()`. */
  feed(bytes: Uint8Array): void {
    // A Buffer's subarray() is a Buffer, made by a JS constructor; a plain Uint8Array view of the chunk makes the
    // per-frame payload views native ones (two per HEADERS frame were ~200 B of the h2c hello request's garbage).
    this.#input =
      bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#pos = 0;
  }

  /**
   * The next complete frame, or `null` when more input is needed. Throws {@link H2ConnectionError} for a bad
   * preface or a frame over `maxFrameSize`, and whatever {@link parseFrame} throws (the reader has then already
   * moved past that frame).
   */
  next(): Frame | null {
    if (this.#prefaceSeen < CLIENT_PREFACE.length && !this.#matchPreface()) return null;
    if (this.#partial !== null) return this.#continuePartial();
    const input = this.#input;
    const pos = this.#pos;
    const available = input.length - pos;
    if (available === 0) {
      // All consumed: let go of the caller's chunk, so an idle connection keeps no input buffer alive.
      this.#input = EMPTY;
      this.#pos = 0;
      return null;
    }
    if (available < FRAME_HEADER_LENGTH) return this.#startPartial(FRAME_HEADER_LENGTH, true);
    const h = readFrameHeader(input, pos, HEADER);
    this.#checkSize(h);
    const end = pos + FRAME_HEADER_LENGTH + h.length;
    if (end > input.length) return this.#startPartial(FRAME_HEADER_LENGTH + h.length, false);
    this.#pos = end;
    return parseFrame(h, input.subarray(pos + FRAME_HEADER_LENGTH, end));
  }

  /** RFC 9113 §3.4: "Clients and servers MUST treat an invalid connection preface as a connection error". */
  #matchPreface(): boolean {
    const input = this.#input;
    while (this.#prefaceSeen < CLIENT_PREFACE.length) {
      if (this.#pos >= input.length) return false;
      if (input[this.#pos] !== CLIENT_PREFACE[this.#prefaceSeen]) {
        throw new H2ConnectionError(ErrorCode.PROTOCOL_ERROR, 'invalid connection preface');
      }
      this.#pos++;
      this.#prefaceSeen++;
    }
    return true;
  }

  /** RFC 9113 §4.2: "An endpoint MUST send an error code of FRAME_SIZE_ERROR if a frame exceeds the size defined in
   * SETTINGS_MAX_FRAME_SIZE". Treated as a connection error for every type: we will not buffer or skip it. */
  #checkSize(h: FrameHeader): void {
    if (h.length > this.maxFrameSize) {
      throw new H2ConnectionError(ErrorCode.FRAME_SIZE_ERROR, `frame of ${h.length} octets exceeds ${this.maxFrameSize}`);
    }
  }

  #startPartial(size: number, headerOnly: boolean): null {
    const rest = this.#input.subarray(this.#pos);
    this.#partial = new Uint8Array(size);
    this.#partial.set(rest, 0);
    this.#filled = rest.length;
    this.#headerOnly = headerOnly;
    this.#pos = this.#input.length;
    return null;
  }

  #continuePartial(): Frame | null {
    for (;;) {
      const partial = this.#partial!;
      const take = Math.min(partial.length - this.#filled, this.#input.length - this.#pos);
      partial.set(this.#input.subarray(this.#pos, this.#pos + take), this.#filled);
      this.#filled += take;
      this.#pos += take;
      if (this.#filled < partial.length) return null;
      if (!this.#headerOnly) break;
      const h = readFrameHeader(partial, 0, HEADER);
      this.#checkSize(h);
      this.#headerOnly = false;
      if (h.length === 0) break;
      const whole = new Uint8Array(FRAME_HEADER_LENGTH + h.length);
      whole.set(partial, 0);
      this.#partial = whole;
    }
    const frame = this.#partial!;
    this.#partial = null;
    const h = readFrameHeader(frame, 0, HEADER);
    return parseFrame(h, frame.subarray(FRAME_HEADER_LENGTH));
  }
}
