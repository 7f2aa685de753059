/**
 * @module receive-buffer
 * The bytes received from the peer and not yet consumed, plus the EOF flag.
 *
 * Views handed out as body data point into this storage, so the buffer never writes over bytes it has handed out:
 * it only appends past `end` into storage it allocated itself, and otherwise copies the unconsumed tail into new
 * storage. When nothing is buffered, incoming bytes are adopted without a copy, so the caller must not mutate a
 * Uint8Array after passing it to `receiveData` (socket chunks are never reused, so this holds for servers).
 */
import { asBuffer } from './grammar.js';
import { H1LocalProtocolError } from './errors.js';

const EMPTY = Buffer.alloc(0);
const MIN_CAPACITY = 4096;
/** How far {@link ReceiveBuffer.indexOfLF} looks byte by byte before it asks the native search. */
const SHORT_LINE = 64;

/** Unconsumed received bytes: `buf[pos, end)`. Fields are public for the readers; offsets are absolute in `buf`. */
export class ReceiveBuffer {
  /** Storage; only `[pos, end)` is meaningful. */
  buf: Buffer = EMPTY;
  /** First unconsumed byte. */
  pos = 0;
  /** One past the last received byte. */
  end = 0;
  /** True once the peer signalled EOF. */
  eof = false;
  private owned = false;

  /** Unconsumed byte count. */
  get length(): number {
    return this.end - this.pos;
  }

  /** Appends bytes; an empty array signals EOF. */
  append(bytes: Uint8Array): void {
    if (bytes.length === 0) {
      this.eof = true;
      return;
    }
    if (this.eof) throw new H1LocalProtocolError('H1_DATA_AFTER_EOF', 'receiveData after EOF');
    const have = this.end - this.pos;
    if (have === 0) {
      this.buf = asBuffer(bytes);
      this.pos = 0;
      this.end = bytes.length;
      this.owned = false;
      return;
    }
    if (this.owned && this.buf.length - this.end >= bytes.length) {
      this.buf.set(bytes, this.end);
      this.end += bytes.length;
      return;
    }
    const need = have + bytes.length;
    const next = Buffer.allocUnsafe(Math.max(need * 2, MIN_CAPACITY));
    this.buf.copy(next, 0, this.pos, this.end);
    next.set(bytes, have);
    this.buf = next;
    this.pos = 0;
    this.end = need;
    this.owned = true;
  }

  /** Index of the first LF at or after `from` and before `end`, or -1. */
  indexOfLF(from: number): number {
    const end = this.end;
    if (from >= end) return -1;
    // Most head lines are short: a plain loop finds their LF sooner than the native search's call overhead
    // (three searches per request were ~3% of the hello request path); long lines go to the native search.
    const buf = this.buf;
    const near = Math.min(end, from + SHORT_LINE);
    for (let i = from; i < near; i++) if (buf[i] === 0x0a) return i;
    if (near === end) return -1;
    const i = buf.indexOf(0x0a, near);
    return i >= end ? -1 : i;
  }

  /** Consumes up to `max` bytes and returns them as a view (never copied), or null if nothing is buffered. */
  take(max: number): Uint8Array | null {
    const n = Math.min(max, this.end - this.pos);
    if (n <= 0) return null;
    const view = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }

  /**
   * Lets go of the storage when every byte was consumed, so an idle keep-alive connection holds no input buffer
   * (the last chunk read, with its ArrayBuffer: about 0.25 KiB of the ~8.5 KiB of an idle connection).
   */
  release(): void {
    if (this.pos !== this.end) return;
    this.buf = EMPTY;
    this.pos = 0;
    this.end = 0;
    this.owned = false;
  }

  /** Drops every unconsumed byte. */
  discard(): void {
    this.pos = this.end;
  }
}
