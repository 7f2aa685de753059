/** @module The HPACK encoder: header list in, header block out (RFC 7541 §3, §6). */
import { ByteWriter, isLatin1, type SharedBlock } from './bytes.js';
import { entrySize } from './dynamic-table.js';
import { EncoderTable } from './encoder-table.js';
import { HpackEncodingError } from './errors.js';
import type { IndexingMode, IndexingPolicy } from './indexing-policy.js';
import { defaultIndexingPolicy } from './indexing-policy.js';
import { encodeInteger } from './integer.js';
import { DEFAULT_TABLE_SIZE, sizeOption } from './options.js';
import { STATIC_TABLE_LENGTH, staticNameIndex, staticPairIndex } from './static-table.js';
import type { HuffmanMode } from './string-literal.js';
import { encodeString } from './string-literal.js';

/** Options of {@link HpackEncoder}. */
export interface HpackEncoderOptions {
  /**
   * Initial maximum size of the dynamic table, which the peer's decoder must use too: default 4096, HTTP/2's
   * initial SETTINGS_HEADER_TABLE_SIZE. When the peer's setting changes, call {@link HpackEncoder.setMaxTableSize}.
   */
  readonly maxTableSize?: number;
  /** When to Huffman-code string literals; default `'auto'`, when that is shorter (RFC 7541 §5.2). */
  readonly huffman?: HuffmanMode;
  /** Chooses the literal representation of each field; default {@link defaultIndexingPolicy}. */
  readonly indexing?: IndexingPolicy;
}

/** First-octet pattern and integer prefix of each literal representation (RFC 7541 §6.2). */
const LITERAL: Record<IndexingMode, { readonly flags: number; readonly prefix: number }> = {
  incremental: { flags: 0x40, prefix: 6 },
  without: { flags: 0x00, prefix: 4 },
  never: { flags: 0x10, prefix: 4 },
};

/** Octets of the shared writer kept between blocks: a header block rarely needs more. */
const SCRATCH_KEEP = 16 * 1024;
const SCRATCH = new ByteWriter(1024);

/**
 * Encodes header lists of one direction of one connection into header blocks, which must be sent in the order
 * they were produced: each may change the dynamic table the next one refers to.
 *
 * A field found whole in the static or dynamic table is sent as an index (RFC 7541 §6.1); otherwise it is sent as
 * a literal, with its name indexed when a table has it (static preferred), in the representation the indexing
 * policy chooses. A field that would not fit in the table at all is sent without indexing.
 */
export class HpackEncoder {
  readonly #table: EncoderTable;
  readonly #huffman: HuffmanMode;
  readonly #indexing: IndexingPolicy;
  /** Smallest maximum size set since the last block, when one was set (RFC 7541 §4.2). */
  #pendingMin: number | undefined;

  constructor(options: HpackEncoderOptions = {}) {
    this.#table = new EncoderTable(sizeOption('maxTableSize', options.maxTableSize, DEFAULT_TABLE_SIZE));
    this.#huffman = options.huffman ?? 'auto';
    this.#indexing = options.indexing ?? defaultIndexingPolicy;
  }

  /** The dynamic table's maximum size. */
  get maxTableSize(): number {
    return this.#table.maxSize;
  }

  /** Octets the dynamic table's entries take (RFC 7541 §4.1). */
  get dynamicTableSize(): number {
    return this.#table.size;
  }

  /** The dynamic table's entries, newest (index 62) first; for tests and debugging. */
  dynamicTableEntries(): Array<[name: string, value: string]> {
    return this.#table.entries();
  }

  /**
   * Changes the dynamic table's maximum size, evicting entries as needed (RFC 7541 §4.3). Call it with the peer's
   * new SETTINGS_HEADER_TABLE_SIZE (or any smaller size you prefer). The next block opens with a dynamic table size
   * update (§6.3): when the size went down and back up since the last block, two, the smallest first (§4.2).
   */
  setMaxTableSize(size: number): void {
    const n = sizeOption('maxTableSize', size, 0);
    if (this.#pendingMin === undefined && n === this.#table.maxSize) return;
    this.#pendingMin = Math.min(this.#pendingMin ?? n, n);
    this.#table.setMaxSize(n);
  }

  /**
   * Encodes a header list into one header block, updating the dynamic table. Names and values are latin1 byte
   * strings (one char per octet), sent as given: lowercasing names and refusing invalid ones is the caller's job.
   * Throws {@link HpackEncodingError} (`HPACK_INVALID_STRING`, encoder state unchanged) when a string has a char
   * above U+00FF.
   */
  encode(headers: ReadonlyArray<readonly [name: string, value: string]>): Uint8Array {
    return this.#encode(headers, false).finish();
  }

  /**
   * {@link encode} without the copy: the block is `bytes[0, length)` of a buffer shared by every encoder, valid
   * only until the next `encode` or `encodeShared` call of any encoder. For a caller that copies the block into
   * its frames at once (a right-sized copy per response was ~200 B of garbage per request of the h2c hello load).
   * `latin1Checked`: the caller has already refused every char above U+00FF (HTTP/2's field rules do), so the
   * byte-string scan is skipped; a wrong claim garbles those chars instead of throwing.
   */
  encodeShared(headers: ReadonlyArray<readonly [name: string, value: string]>, latin1Checked = false): SharedBlock {
    return this.#encode(headers, latin1Checked);
  }

  #encode(headers: ReadonlyArray<readonly [name: string, value: string]>, latin1Checked: boolean): ByteWriter {
    for (let i = 0; i < headers.length && !latin1Checked; i++) {
      const field = headers[i]!;
      if (!isLatin1(field[0]) || !isLatin1(field[1])) {
        throw new HpackEncodingError('HPACK_INVALID_STRING', `header ${JSON.stringify(field[0])} is not a byte string`);
      }
    }
    // One writer for every block of every encoder (encode is synchronous).
    const out = SCRATCH;
    out.reset(SCRATCH_KEEP);
    if (this.#pendingMin !== undefined) {
      // §6.3 Dynamic Table Size Update: 001 pattern, 5-bit prefix.
      if (this.#pendingMin < this.#table.maxSize) encodeInteger(out, this.#pendingMin, 5, 0x20);
      encodeInteger(out, this.#table.maxSize, 5, 0x20);
      this.#pendingMin = undefined;
    }
    for (let i = 0; i < headers.length; i++) this.#encodeField(out, headers[i]![0], headers[i]![1]);
    return out;
  }

  #encodeField(out: ByteWriter, name: string, value: string): void {
    const table = this.#table;
    let mode = this.#indexing(name, value);
    if (mode !== 'never') {
      // §6.1 Indexed Header Field: 1 pattern, 7-bit prefix.
      let index = staticPairIndex(name, value);
      if (index === 0) {
        const dynamicIndex = table.pairIndex(name, value);
        if (dynamicIndex !== 0) index = STATIC_TABLE_LENGTH + dynamicIndex;
      }
      if (index !== 0) {
        encodeInteger(out, index, 7, 0x80);
        return;
      }
    }
    // Adding an entry larger than the table would only empty it (§4.4).
    if (mode === 'incremental' && entrySize(name, value) > table.maxSize) mode = 'without';
    let nameIndex = staticNameIndex(name);
    if (nameIndex === 0) {
      const dynamicIndex = table.nameIndex(name);
      if (dynamicIndex !== 0) nameIndex = STATIC_TABLE_LENGTH + dynamicIndex;
    }
    const { flags, prefix } = LITERAL[mode];
    encodeInteger(out, nameIndex, prefix, flags);
    if (nameIndex === 0) encodeString(out, name, this.#huffman);
    encodeString(out, value, this.#huffman);
    if (mode === 'incremental') table.add(name, value);
  }
}
