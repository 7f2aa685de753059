/**
 * @module Huffman coding of string literals (RFC 7541 §5.2, code in Appendix B).
 *
 * Decoding is table driven: the code tree's 256 internal nodes are the states of a machine that consumes four bits
 * at a time. For each (state, nibble) a precomputed transition gives the next state, the symbol emitted on the way
 * (at most one, since no code is shorter than five bits), and whether EOS was hit. A string may end only in a state
 * reached from the root by at most seven one bits, which is exactly RFC 7541 §5.2's rule on padding.
 */
import type { ByteWriter } from './bytes.js';
import { latin1Decode } from './bytes.js';
import { HpackDecodingError } from './errors.js';
import { HUFFMAN_CODES, HUFFMAN_EOS, HUFFMAN_LENGTHS } from './huffman-table.gen.js';

/** Tree children: 0 = none (the root is never a child), an internal node id, or LEAF | symbol. */
const LEAF = 0x8000;
/** Transition bits: next state in bits 0-7, then the flags, then the emitted symbol from bit 16. */
const EMIT = 0x100;
const FAIL = 0x200;
const SYMBOL_SHIFT = 16;

interface DecodeMachine {
  /** 16 transitions per state, indexed `state << 4 | nibble`. */
  readonly transitions: Uint32Array;
  /** 1 where a string may end: the root, or a run of at most 7 one bits from it (RFC 7541 §5.2 padding). */
  readonly accepting: Uint8Array;
}

function buildDecodeMachine(): DecodeMachine {
  const children = new Uint16Array(256 * 2);
  const depth = new Uint8Array(256);
  const allOnes = new Uint8Array(256);
  allOnes[0] = 1;
  let nodes = 1;
  for (let sym = 0; sym <= HUFFMAN_EOS; sym++) {
    const code = HUFFMAN_CODES[sym]!;
    const len = HUFFMAN_LENGTHS[sym]!;
    let node = 0;
    for (let i = len - 1; i > 0; i--) {
      const bit = (code >>> i) & 1;
      let child = children[node * 2 + bit]!;
      if (child === 0) {
        child = nodes++;
        children[node * 2 + bit] = child;
        depth[child] = depth[node]! + 1;
        allOnes[child] = allOnes[node]! & bit;
      }
      node = child;
    }
    children[node * 2 + (code & 1)] = LEAF | sym;
  }
  const transitions = new Uint32Array(256 * 16);
  const accepting = new Uint8Array(256);
  for (let state = 0; state < nodes; state++) {
    accepting[state] = state === 0 || (allOnes[state] === 1 && depth[state]! <= 7) ? 1 : 0;
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = state;
      let entry = 0;
      for (let i = 3; i >= 0; i--) {
        const child = children[node * 2 + ((nibble >>> i) & 1)]!;
        if ((child & LEAF) === 0) {
          node = child;
          continue;
        }
        const sym = child & ~LEAF;
        if (sym === HUFFMAN_EOS) entry |= FAIL;
        else entry |= EMIT | (sym << SYMBOL_SHIFT);
        node = 0;
      }
      transitions[(state << 4) | nibble] = entry | node;
    }
  }
  return { transitions, accepting };
}

const machine = buildDecodeMachine();
const MAX_SCRATCH = 16384;
let scratch = new Uint8Array(1024);

/**
 * Decodes the Huffman-coded octets `buf[start, end)` to a latin1 string (RFC 7541 §5.2). Throws HPACK_BAD_HUFFMAN
 * on the EOS symbol, on padding longer than 7 bits, or on padding that is not all ones.
 */
export function huffmanDecode(buf: Uint8Array, start: number, end: number): string {
  // Every code is at least 5 bits long, so n octets decode to at most 8n/5 symbols.
  const maxOut = Math.ceil(((end - start) * 8) / 5);
  // Reuse one buffer for the usual short strings; do not keep a huge one alive for a rare huge string.
  if (scratch.length < maxOut && maxOut <= MAX_SCRATCH) scratch = new Uint8Array(MAX_SCRATCH);
  const out = maxOut <= scratch.length ? scratch : new Uint8Array(maxOut);
  const { transitions, accepting } = machine;
  let state = 0;
  let n = 0;
  for (let i = start; i < end; i++) {
    const octet = buf[i]!;
    let t = transitions[(state << 4) | (octet >>> 4)]!;
    if ((t & FAIL) !== 0) throw badHuffman('the EOS symbol', i);
    if ((t & EMIT) !== 0) out[n++] = t >>> SYMBOL_SHIFT;
    t = transitions[((t & 0xff) << 4) | (octet & 0x0f)]!;
    if ((t & FAIL) !== 0) throw badHuffman('the EOS symbol', i);
    if ((t & EMIT) !== 0) out[n++] = t >>> SYMBOL_SHIFT;
    state = t & 0xff;
  }
  if (accepting[state] !== 1) throw badHuffman('padding longer than 7 bits or not all ones', end);
  return latin1Decode(out, 0, n);
}

function badHuffman(what: string, offset: number): HpackDecodingError {
  return new HpackDecodingError('HPACK_BAD_HUFFMAN', `Huffman-coded string contains ${what}`, offset);
}

/** Octets the Huffman coding of latin1 string `s` takes, padding included. */
export function huffmanEncodedLength(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) bits += HUFFMAN_LENGTHS[s.charCodeAt(i)]!;
  return (bits + 7) >>> 3;
}

/**
 * Appends the Huffman coding of latin1 string `s`, padded to an octet boundary with the most significant bits of
 * EOS, i.e. one bits (RFC 7541 §5.2).
 */
export function huffmanEncode(out: ByteWriter, s: string): void {
  out.ensure(huffmanEncodedLength(s));
  let acc = 0; // pending bits, fewer than 8 between symbols, in the low bits
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const code = HUFFMAN_CODES[c]!;
    const len = HUFFMAN_LENGTHS[c]!;
    if (len > 24) {
      // Keep `acc` within 31 bits: push the high part of a long code first.
      acc = (acc << (len - 16)) | (code >>> 16);
      bits += len - 16;
      while (bits >= 8) out.push((acc >>> (bits -= 8)) & 0xff);
      acc = ((acc & ((1 << bits) - 1)) << 16) | (code & 0xffff);
      bits += 16;
    } else {
      acc = (acc << len) | code;
      bits += len;
    }
    while (bits >= 8) out.push((acc >>> (bits -= 8)) & 0xff);
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) out.push(((acc << (8 - bits)) | (0xff >>> bits)) & 0xff);
}
