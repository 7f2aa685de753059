/** @module Octet plumbing: a growable output buffer and latin1 "byte string" conversion. */

/** A header block in a shared buffer: `bytes[0, length)`, valid until the buffer's next use. */
export interface SharedBlock {
  /** The buffer; only its first `length` octets are the block. */
  readonly bytes: Uint8Array;
  /** Octets of the block. */
  readonly length: number;
}

/** A growable octet buffer the encoder writes into. */
export class ByteWriter implements SharedBlock {
  #buf: Uint8Array;
  #length = 0;

  constructor(initialCapacity = 256) {
    this.#buf = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Octets written so far. */
  get length(): number {
    return this.#length;
  }

  /** The buffer written into (its first {@link length} octets are the output). */
  get bytes(): Uint8Array {
    return this.#buf;
  }

  /** Makes room for `n` more octets. */
  ensure(n: number): void {
    const need = this.#length + n;
    if (need <= this.#buf.length) return;
    let capacity = this.#buf.length * 2;
    while (capacity < need) capacity *= 2;
    const bigger = new Uint8Array(capacity);
    bigger.set(this.#buf.subarray(0, this.#length));
    this.#buf = bigger;
  }

  /** Appends one octet. */
  push(octet: number): void {
    if (this.#length === this.#buf.length) this.ensure(1);
    this.#buf[this.#length++] = octet;
  }

  /** Appends the low octet of each char of a latin1 string (already validated). */
  pushLatin1(s: string): void {
    this.ensure(s.length);
    const buf = this.#buf;
    let at = this.#length;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.#length = at;
  }

  /** The octets written, as a right-sized copy. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#length);
  }

  /** Empties the writer for reuse; a buffer grown past `maxKeep` octets is let go. */
  reset(maxKeep: number): void {
    this.#length = 0;
    if (this.#buf.length > maxKeep) this.#buf = new Uint8Array(maxKeep);
  }
}

const CHUNK = 4096;

/** Decodes `bytes[start, end)` as latin1: one char per octet. */
export function latin1Decode(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= CHUNK) return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  let out = '';
  for (let i = start; i < end; i += CHUNK) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]);
  }
  return out;
}

/** `true` when every char of `s` is at most U+00FF, i.e. `s` is a byte string. */
export function isLatin1(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) return false;
  return true;
}
