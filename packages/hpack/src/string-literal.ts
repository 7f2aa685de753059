/** @module String literal representation (RFC 7541 §5.2): an H flag, a 7-bit-prefix length, then the octets. */
import type { ByteWriter } from './bytes.js';
import { latin1Decode } from './bytes.js';
import { HpackDecodingError } from './errors.js';
import { huffmanDecode, huffmanEncode, huffmanEncodedLength } from './huffman.js';
import type { Cursor } from './integer.js';
import { decodeInteger, encodeInteger } from './integer.js';

/**
 * When the encoder Huffman-codes string literals: `'auto'` when that is strictly shorter (the default), `'always'`,
 * or `'never'`.
 */
export type HuffmanMode = 'auto' | 'always' | 'never';

const HUFFMAN_FLAG = 0x80;

/** Appends latin1 string `s` as a string literal (RFC 7541 §5.2), Huffman-coded as `mode` says. */
export function encodeString(out: ByteWriter, s: string, mode: HuffmanMode): void {
  if (mode !== 'never') {
    const huffmanLength = huffmanEncodedLength(s);
    if (mode === 'always' || huffmanLength < s.length) {
      encodeInteger(out, huffmanLength, 7, HUFFMAN_FLAG);
      huffmanEncode(out, s);
      return;
    }
  }
  encodeInteger(out, s.length, 7, 0);
  out.pushLatin1(s);
}

/**
 * Reads a string literal at `c.pos` and advances past it (RFC 7541 §5.2). `maxLength` bounds the encoded length
 * (callers pass what is left of their header list budget), checked before any octet of the string is decoded;
 * returns `null` when the string is longer (the caller throws with its own context: no callback per block).
 */
export function decodeString(c: Cursor, maxLength: number): string | null {
  const start = c.pos;
  if (start >= c.buf.length) throw new HpackDecodingError('HPACK_TRUNCATED', 'block ends before a string', start);
  const huffman = (c.buf[start]! & HUFFMAN_FLAG) !== 0;
  const length = decodeInteger(c, 7);
  const from = c.pos;
  const to = from + length;
  // A Huffman string decodes to at least 8/30 of a symbol per octet, a raw one to exactly one char per octet.
  const minDecoded = huffman ? Math.floor((length * 8) / 30) : length;
  if (minDecoded > maxLength) return null;
  if (to > c.buf.length) throw new HpackDecodingError('HPACK_TRUNCATED', 'block ends inside a string', c.buf.length);
  c.pos = to;
  const s = huffman ? huffmanDecode(c.buf, from, to) : latin1Decode(c.buf, from, to);
  return s.length > maxLength ? null : s;
}
