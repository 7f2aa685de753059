/** @module The HPACK decoder: header block in, header list out (RFC 7541 §3, §6). */
import { DynamicTable } from './dynamic-table.js';
import { HpackDecodingError } from './errors.js';
import type { Cursor } from './integer.js';
import { decodeInteger } from './integer.js';
import { DEFAULT_TABLE_SIZE, sizeOption } from './options.js';
import { STATIC_TABLE, STATIC_TABLE_LENGTH } from './static-table.js';
import { decodeString } from './string-literal.js';

/** Per-field overhead in the header list size (RFC 9113 §6.5.2), the same 32 as a table entry's. */
const FIELD_OVERHEAD = 32;

/** What the cursor views between blocks. */
const NO_BLOCK = new Uint8Array(0);

/**
 * The cursor of the block being decoded, shared by every decoder: a block is decoded in one synchronous call, so
 * decoders take turns; a decoder used from inside another one's sink finds it busy (it views a block) and makes
 * its own. One per decoder was ~0.04 KiB of every idle connection.
 */
const SHARED_CURSOR: Cursor = { buf: NO_BLOCK, pos: 0 };

/**
 * Receives the fields of a block as they are decoded (see {@link HpackDecoder.decodeInto}): no `[name, value]`
 * pair or list is made for them. Must not throw for a field it dislikes: the rest of the block still has to be
 * decoded to keep the dynamic table in step; record the problem and act on it after the block.
 */
export interface HeaderSink {
  /** One decoded field, in block order; `name` and `value` are latin1 byte strings. */
  field(name: string, value: string): void;
}

/** The list `#decode` returns when it feeds a sink: never written. */
const NO_HEADERS: Array<[string, string]> = [];

/** Options of {@link HpackDecoder}; all are octet or field counts. */
export interface HpackDecoderOptions {
  /**
   * The SETTINGS_HEADER_TABLE_SIZE we advertise: the most a dynamic table size update may ask for, and the table's
   * initial maximum size. Default 4096, HTTP/2's initial value; change it later with
   * {@link HpackDecoder.setMaxTableSize}.
   */
  readonly maxTableSize?: number;
  /**
   * Largest header list accepted, as RFC 9113 §6.5.2 counts it: the sum over the fields of name octets + value
   * octets + 32. Checked as each field is decoded, so a block that references one big entry over and over (an "HPACK
   * bomb") is refused long before the list is built. Default 65536.
   */
  readonly maxHeaderListSize?: number;
  /** Most fields accepted in one header list. Default 256. */
  readonly maxFieldCount?: number;
}

/**
 * Decodes header blocks (RFC 7541 §3.1) of one direction of one connection, in the order they were received: each
 * block may change the dynamic table the next one refers to.
 *
 * Names and values are latin1 "byte strings" (one char per octet), unchecked: validating them (lowercase names,
 * no CR/LF/NUL, pseudo-headers first, RFC 9113 §8.2) is the HTTP/2 layer's job.
 *
 * Any {@link HpackDecodingError} is fatal for the connection: the dynamic table may now differ from the peer
 * encoder's, so the caller MUST close the connection with a COMPRESSION_ERROR (RFC 9113 §4.3). The decoder
 * refuses to decode further blocks after one (code `HPACK_DECODER_FAILED`).
 */
export class HpackDecoder {
  readonly #table: DynamicTable;
  /** The SETTINGS_HEADER_TABLE_SIZE in effect: the bound on size updates. */
  #limit: number;
  /** After our limit fell below the table's size: the first block must open with an update at most this. */
  #requiredUpdate: number | undefined;
  #failure: HpackDecodingError | undefined;
  /** Where the block being decoded is read: {@link SHARED_CURSOR} unless it was busy (no block between calls). */
  #cursor: Cursor = SHARED_CURSOR;
  /** The header list size (RFC 9113 §6.5.2) of the block being decoded so far. */
  #listSize = 0;
  /** Fields of the block being decoded so far. */
  #fieldCount = 0;
  /** Where the block being decoded goes, or `null` for a list. */
  #sink: HeaderSink | null = null;
  /** See {@link HpackDecoderOptions.maxHeaderListSize}. */
  readonly maxHeaderListSize: number;
  /** See {@link HpackDecoderOptions.maxFieldCount}. */
  readonly maxFieldCount: number;

  constructor(options: HpackDecoderOptions = {}) {
    this.#limit = sizeOption('maxTableSize', options.maxTableSize, DEFAULT_TABLE_SIZE);
    this.maxHeaderListSize = sizeOption('maxHeaderListSize', options.maxHeaderListSize, 65536);
    this.maxFieldCount = sizeOption('maxFieldCount', options.maxFieldCount, 256);
    this.#table = new DynamicTable(this.#limit);
  }

  /** The SETTINGS_HEADER_TABLE_SIZE in effect, the bound on dynamic table size updates. */
  get maxTableSize(): number {
    return this.#limit;
  }

  /** The dynamic table's current maximum size, as last set by the peer's size updates (RFC 7541 §4.2). */
  get dynamicTableMaxSize(): number {
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
   * Changes the SETTINGS_HEADER_TABLE_SIZE limit. Call it when the peer acknowledges the SETTINGS frame that
   * carried the new value. If it is below the table's current maximum size, the next block MUST open with a size
   * update to at most the smallest value set since the last block (RFC 7541 §4.2), or fails with
   * HPACK_TABLE_SIZE_UPDATE.
   */
  setMaxTableSize(size: number): void {
    this.#limit = sizeOption('maxTableSize', size, 0);
    if (this.#limit < (this.#requiredUpdate ?? this.#table.maxSize)) this.#requiredUpdate = this.#limit;
  }

  /**
   * Decodes one complete header block (the concatenated fragments of a HEADERS/PUSH_PROMISE frame and its
   * CONTINUATION frames) into a list of `[name, value]`, updating the dynamic table. Throws
   * {@link HpackDecodingError}, which is fatal for the connection.
   */
  decode(block: Uint8Array): Array<[name: string, value: string]> {
    return this.#guarded(block, null);
  }

  /**
   * {@link decode}, but each field goes to `sink.field()` as it is decoded, with the same limits (list size, field
   * count) and errors; no list is made. For a caller that takes a block apart (an HTTP/2 request's pseudo-header
   * fields) rather than keeping its list.
   */
  decodeInto(block: Uint8Array, sink: HeaderSink): void {
    this.#guarded(block, sink);
  }

  #guarded(block: Uint8Array, sink: HeaderSink | null): Array<[string, string]> {
    if (this.#failure !== undefined) {
      throw new HpackDecodingError('HPACK_DECODER_FAILED', `decoder failed earlier: ${this.#failure.message}`, 0);
    }
    try {
      return this.#decode(block, sink);
    } catch (error) {
      this.#failure =
        error instanceof HpackDecodingError
          ? error
          : new HpackDecodingError('HPACK_DECODER_FAILED', `unexpected ${String(error)}`, 0);
      throw error;
    }
  }

  // The block's state lives in fields, not in closures and a cursor per block: this runs for every request (the
  // h2c hello allocation profile had ~300 B per request here).
  #decode(block: Uint8Array, sink: HeaderSink | null): Array<[string, string]> {
    const c = SHARED_CURSOR.buf === NO_BLOCK ? SHARED_CURSOR : { buf: NO_BLOCK, pos: 0 };
    this.#cursor = c;
    c.buf = block;
    c.pos = 0;
    const headers: Array<[string, string]> = sink === null ? [] : NO_HEADERS;
    this.#sink = sink;
    this.#listSize = 0;
    this.#fieldCount = 0;
    let sawField = false;
    try {
      while (c.pos < block.length) {
        const start = c.pos;
        const first = block[start]!;
        if ((first & 0xe0) === 0x20) {
          this.#sizeUpdate(decodeInteger(c, 5), sawField, start);
          continue;
        }
        if (this.#requiredUpdate !== undefined) {
          throw new HpackDecodingError('HPACK_TABLE_SIZE_UPDATE', 'block must open with a table size update', start);
        }
        sawField = true;
        if ((first & 0x80) !== 0) {
          // §6.1 Indexed Header Field: the table's own strings, no new ones.
          const index = decodeInteger(c, 7);
          this.#emit(headers, this.#name(index, start), this.#value(index), start);
          continue;
        }
        // §6.2.1 with incremental indexing (01, 6-bit index); §6.2.2 without (0000) and §6.2.3 never (0001), 4-bit.
        const indexing = (first & 0x40) !== 0;
        const nameIndex = decodeInteger(c, indexing ? 6 : 4);
        const name = nameIndex === 0 ? this.#readString(0) : this.#name(nameIndex, start);
        const value = this.#readString(name.length);
        this.#emit(headers, name, value, start);
        if (indexing) this.#table.add(name, value);
      }
    } finally {
      c.buf = NO_BLOCK; // keep no block alive between calls
      this.#sink = null;
    }
    if (this.#requiredUpdate !== undefined) {
      throw new HpackDecodingError('HPACK_TABLE_SIZE_UPDATE', 'block must open with a table size update', 0);
    }
    return headers;
  }

  /** Appends a field, counting it against the list size (RFC 9113 §6.5.2) and the field count. */
  #emit(headers: Array<[string, string]>, name: string, value: string, offset: number): void {
    this.#listSize += name.length + value.length + FIELD_OVERHEAD;
    if (this.#listSize > this.maxHeaderListSize) this.#tooLarge(offset);
    if (this.#fieldCount === this.maxFieldCount) {
      throw new HpackDecodingError('HPACK_TOO_MANY_FIELDS', `more than ${this.maxFieldCount} fields`, offset);
    }
    this.#fieldCount++;
    if (this.#sink !== null) this.#sink.field(name, value);
    else headers.push([name, value]);
  }

  /** A string literal within what is left of the list budget, `extra` octets of the field already counted. */
  #readString(extra: number): string {
    const c = this.#cursor;
    const start = c.pos;
    const s = decodeString(c, this.maxHeaderListSize - this.#listSize - FIELD_OVERHEAD - extra);
    return s ?? this.#tooLarge(start);
  }

  #tooLarge(offset: number): never {
    throw new HpackDecodingError(
      'HPACK_HEADER_LIST_TOO_LARGE',
      `header list exceeds maxHeaderListSize ${this.maxHeaderListSize} after ${this.#fieldCount} fields`,
      offset,
    );
  }

  /** §6.3 Dynamic Table Size Update: only before the first field (§4.2), at most the limit. */
  #sizeUpdate(size: number, afterField: boolean, offset: number): void {
    if (afterField) {
      throw new HpackDecodingError('HPACK_TABLE_SIZE_UPDATE', 'table size update after a header field', offset);
    }
    const bound = this.#requiredUpdate ?? this.#limit;
    if (size > bound) {
      throw new HpackDecodingError('HPACK_TABLE_SIZE_UPDATE', `table size update to ${size} exceeds ${bound}`, offset);
    }
    this.#requiredUpdate = undefined;
    this.#table.setMaxSize(size);
  }

  /** Name at `index` of the index address space (RFC 7541 §2.3.3): static 1-61, then dynamic. */
  #name(index: number, offset: number): string {
    if (index >= 1 && index <= STATIC_TABLE_LENGTH) return STATIC_TABLE[index - 1]![0];
    const dynamic = index - STATIC_TABLE_LENGTH;
    if (index === 0 || dynamic > this.#table.length) {
      throw new HpackDecodingError('HPACK_INVALID_INDEX', `index ${index} is not in the tables`, offset);
    }
    return this.#table.nameAt(dynamic);
  }

  /** Value at an `index` that `#name` has already checked. */
  #value(index: number): string {
    if (index <= STATIC_TABLE_LENGTH) return STATIC_TABLE[index - 1]![1];
    return this.#table.valueAt(index - STATIC_TABLE_LENGTH);
  }
}
