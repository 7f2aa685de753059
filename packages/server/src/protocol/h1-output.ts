/**
 * @module The write side of one HTTP/1.x connection: response bytes held for the end of the event-loop turn
 * (turn-flush.ts), small pieces copied into one buffer, large bodies written as they are, and the write bound that
 * `send()`'s backpressure reads (spec FLOW-SEND-BACKPRESSURE).
 */
import type { Socket } from 'node:net';
import { flushAfterTurn, type HeldWrites } from './turn-flush.js';

/** Responses up to this size are copied into one buffer for one write (see {@link H1Output.send}). */
const COALESCE_BYTES = 16 * 1024;

/**
 * The last head written, and its bytes once it came twice: the h1 core hands out the same head string for a
 * response like the previous one, and copying its bytes costs less than encoding the string again (Buffer#write
 * and its latin1 encoder were ~4% of the in-process hello path). A head seen once is encoded as before.
 */
let lastHead = '';
let lastHeadBytes: Buffer | null = null;

/** Puts the latin1 `head` at the start of `out`; returns its length. */
function putHead(out: Buffer, head: string): number {
  if (head === lastHead) {
    const bytes = (lastHeadBytes ??= Buffer.from(head, 'latin1'));
    out.set(bytes, 0);
    return bytes.byteLength;
  }
  lastHead = head;
  lastHeadBytes = null;
  return out.write(head, 0, 'latin1');
}

/** Writes one connection's response bytes. */
export class H1Output implements HeldWrites {
  /** Bytes held for the end of the turn: the first piece, then any more. */
  #held: Uint8Array | null = null;
  #heldMore: Uint8Array[] | null = null;
  #heldBytes = 0;

  constructor(
    private readonly socket: Socket,
    /** Response bytes buffered (held plus the socket's own) before `send()` waits. */
    private readonly bound: number,
  ) {}

  /** Whether the buffered response bytes are within the bound, so `send()` may resolve. */
  get hasRoom(): boolean {
    return this.socket.writableLength + this.#heldBytes <= this.bound;
  }

  /**
   * Puts a head (latin1 text, or `null`), framed body parts and the message's end on the wire. Small pieces are
   * copied into one buffer: a single write costs less than node's writev path (measured with --cpu-prof: writev
   * and its wrappers were the largest self time under the hello load), and it is held until the end of the turn
   * with the other responses of the turn; large bodies go as they are, under cork, so they are never copied.
   * Returns {@link hasRoom}. `release`, if given, is called once the socket no longer needs the bytes of `parts`
   * (copied, or written out: the last write's callback fires after the earlier ones), so their owner may reuse them.
   */
  send(head: string | null, parts: readonly Uint8Array[], tail: Uint8Array, release?: () => void): boolean {
    let total = (head?.length ?? 0) + tail.byteLength; // the head is latin1: one octet per char
    for (let i = 0; i < parts.length; i++) total += parts[i]!.byteLength;
    if (total <= COALESCE_BYTES) {
      const out = Buffer.allocUnsafe(total);
      let at = 0;
      if (head !== null) at = putHead(out, head); // straight into the response buffer
      for (let i = 0; i < parts.length; i++) {
        out.set(parts[i]!, at);
        at += parts[i]!.byteLength;
      }
      out.set(tail, at);
      if (total > 0) this.hold(out); // the responses of this turn (pipelined ones too) leave together
      release?.();
    } else {
      const socket = this.socket;
      this.flushHeld();
      socket.cork();
      if (head !== null) socket.write(head, 'latin1');
      const last = parts.length - 1;
      for (let i = 0; i < last; i++) socket.write(parts[i]!);
      // The callback fires (error or not) when the write is done with the bytes, also when the socket is destroyed.
      if (last >= 0) socket.write(parts[last]!, release);
      else release?.();
      if (tail.byteLength > 0) socket.write(tail);
      socket.uncork();
    }
    return this.hasRoom;
  }

  /** Holds `bytes` for the end of the turn; past the write bound they go now. */
  hold(bytes: Uint8Array): void {
    if (this.#held === null) {
      this.#held = bytes;
      flushAfterTurn(this);
    } else {
      (this.#heldMore ??= []).push(bytes);
    }
    this.#heldBytes += bytes.byteLength;
    // Past the write bound the bytes go now, so the socket's own buffer (and its 'drain') takes over.
    if (this.#heldBytes > this.bound) this.flushHeld();
  }

  /** Writes the held bytes in one write (several pipelined responses are joined). */
  flushHeld(): void {
    const first = this.#held;
    if (first === null) return;
    const more = this.#heldMore;
    let out = first;
    if (more !== null) {
      more.unshift(first);
      out = Buffer.concat(more, this.#heldBytes);
    }
    this.#held = null;
    this.#heldMore = null;
    this.#heldBytes = 0;
    if (!this.socket.destroyed) this.socket.write(out);
  }

  /** Writes `bytes` after anything held, now (a 100 Continue, an early hint, an error answer). */
  writeNow(bytes: Uint8Array): void {
    this.flushHeld();
    this.socket.write(bytes);
  }
}
