/** @module Integer representation with an N-bit prefix (RFC 7541 §5.1). */
import type { ByteWriter } from './bytes.js';
import { HpackDecodingError } from './errors.js';

/** Largest integer the decoder accepts: 2^31-1, far above any table size, index or string length in use. */
export const MAX_INTEGER = 0x7fff_ffff;

/**
 * Continuation octets allowed after the prefix: 2^31-1 needs at most 5 (7 bits each). More is an overlong encoding
 * (e.g. a run of 0x80 octets adding nothing) and is refused, so a peer cannot make us spin on one integer.
 */
const MAX_CONTINUATION_OCTETS = 5;

/** A read position in a header block; decoding functions advance `pos`. */
export interface Cursor {
  buf: Uint8Array;
  pos: number;
}

/**
 * Writes `value` with an N-bit prefix (RFC 7541 §5.1). `flags` are the high bits of the first octet (the
 * representation's pattern, e.g. 0x80 for an indexed field); they must not overlap the prefix.
 */
export function encodeInteger(out: ByteWriter, value: number, prefixBits: number, flags: number): void {
  const max = (1 << prefixBits) - 1;
  if (value < max) {
    out.push(flags | value);
    return;
  }
  out.push(flags | max);
  let rest = value - max;
  while (rest >= 128) {
    out.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
}

/** Octets {@link encodeInteger} writes for `value` with an N-bit prefix. */
export function integerLength(value: number, prefixBits: number): number {
  const max = (1 << prefixBits) - 1;
  if (value < max) return 1;
  let n = 2;
  for (let rest = value - max; rest >= 128; rest = Math.floor(rest / 128)) n++;
  return n;
}

/**
 * Reads an integer with an N-bit prefix starting at `c.pos` (whose flag bits the caller has already looked at) and
 * advances past it (RFC 7541 §5.1). Throws HPACK_TRUNCATED at the end of the block and HPACK_INTEGER_OVERFLOW past
 * {@link MAX_INTEGER} or {@link MAX_CONTINUATION_OCTETS}.
 */
export function decodeInteger(c: Cursor, prefixBits: number): number {
  const { buf } = c;
  const start = c.pos;
  if (start >= buf.length) throw new HpackDecodingError('HPACK_TRUNCATED', 'block ends before an integer', start);
  const max = (1 << prefixBits) - 1;
  let value = buf[start]! & max;
  let pos = start + 1;
  if (value < max) {
    c.pos = pos;
    return value;
  }
  let multiplier = 1;
  for (let n = 0; ; n++) {
    if (n === MAX_CONTINUATION_OCTETS) {
      throw new HpackDecodingError('HPACK_INTEGER_OVERFLOW', 'integer has too many continuation octets', start);
    }
    if (pos >= buf.length) throw new HpackDecodingError('HPACK_TRUNCATED', 'block ends inside an integer', pos);
    const octet = buf[pos++]!;
    value += (octet & 0x7f) * multiplier;
    if (value > MAX_INTEGER) throw new HpackDecodingError('HPACK_INTEGER_OVERFLOW', 'integer exceeds 2^31-1', start);
    if ((octet & 0x80) === 0) break;
    multiplier *= 128;
  }
  c.pos = pos;
  return value;
}
