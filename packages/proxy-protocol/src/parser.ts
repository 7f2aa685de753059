/**
 * @module The incremental parser: fed the first bytes of a connection in any chunking, it answers `'more'` until
 * the header is complete, then the header and the bytes after it. It holds at most one header's worth of bytes.
 */
import { ProxyProtocolError } from './errors.js';
import { MORE, type ProxyHeader, type ProxyParserOptions } from './header.js';
import { findV1End, parseV1, V1_MAX_BYTES, V1_PREFIX } from './v1.js';
import { parseV2, V2_FIXED_BYTES, V2_MAX_ADDRESS_BYTES, V2_SIGNATURE, v2HeaderLength } from './v2.js';

/** Default of {@link ProxyParserOptions.maxTlvBytes}. */
export const DEFAULT_MAX_TLV_BYTES = 1024;

const V1_SIGNATURE = Uint8Array.from(V1_PREFIX, (c) => c.charCodeAt(0));

/** A complete header and the bytes fed after it. */
export interface ProxyParseResult extends ProxyHeader {
  /** The bytes of the last chunk fed that follow the header (a view of that chunk): the next protocol's. */
  readonly rest: Uint8Array;
}

/** Reads one PROXY protocol header (v1 or v2) from the start of a connection. One parser per connection. */
export class ProxyHeaderParser {
  readonly #maxTlvBytes: number;
  /** Bytes held while the header is incomplete; allocated only when a chunk ends before the header does. */
  #held: Uint8Array | null = null;
  #length = 0;
  #done = false;

  constructor(options: ProxyParserOptions = {}) {
    const max = options.maxTlvBytes ?? DEFAULT_MAX_TLV_BYTES;
    if (!Number.isInteger(max) || max < 0 || max > 65535 - V2_MAX_ADDRESS_BYTES) {
      throw new RangeError(`maxTlvBytes must be an integer 0..${65535 - V2_MAX_ADDRESS_BYTES}, got ${max}`);
    }
    this.#maxTlvBytes = max;
  }

  /**
   * Takes the next chunk. Returns `'more'` while the header is incomplete, then the header with `rest`, the bytes
   * after it. Throws {@link ProxyProtocolError} as soon as the bytes cannot begin a valid header. After a result
   * or an error the parser is finished; feeding it again throws.
   */
  feed(chunk: Uint8Array): ProxyParseResult | typeof MORE {
    if (this.#done) throw new Error('ProxyHeaderParser: the header was already read');
    try {
      return this.#feed(chunk);
    } catch (error) {
      this.#done = true;
      this.#held = null;
      throw error;
    }
  }

  #feed(chunk: Uint8Array): ProxyParseResult | typeof MORE {
    const before = this.#length;
    let bytes = chunk; // the usual case: the whole header in the first chunk, read in place
    let length = chunk.byteLength;
    if (before > 0) {
      // Only bytes that may still belong to the header are copied; the rest stays in `chunk`.
      const held = this.#held!;
      const take = Math.min(chunk.byteLength, held.byteLength - before);
      held.set(chunk.subarray(0, take), before);
      bytes = held;
      length = before + take;
    }
    const end = this.#headerEnd(bytes, length);
    if (end === -1) {
      // The capacity holds the longest header the limits allow, so a full buffer always has an end (or threw).
      if (before === 0) {
        const held = (this.#held ??= new Uint8Array(V2_FIXED_BYTES + V2_MAX_ADDRESS_BYTES + this.#maxTlvBytes));
        length = Math.min(length, held.byteLength);
        held.set(chunk.subarray(0, length));
      }
      this.#length = length;
      return MORE;
    }
    const header = bytes[0] === V2_SIGNATURE[0] ? parseV2(bytes, end) : parseV1(bytes, end);
    this.#done = true;
    this.#held = null;
    return { ...header, rest: chunk.subarray(end - before) };
  }

  /** Where the header ends in `bytes[0..length)`, or -1 when more bytes are needed. */
  #headerEnd(bytes: Uint8Array, length: number): number {
    const signature = bytes[0] === V2_SIGNATURE[0] ? V2_SIGNATURE : V1_SIGNATURE;
    const n = Math.min(length, signature.byteLength);
    for (let i = 0; i < n; i++) {
      if (bytes[i] !== signature[i]) {
        throw new ProxyProtocolError('PROXY_BAD_SIGNATURE', 'the connection does not start with a PROXY protocol header');
      }
    }
    if (n < signature.byteLength) return -1;
    if (signature === V1_SIGNATURE) return findV1End(bytes, Math.min(length, V1_MAX_BYTES));
    if (length < V2_FIXED_BYTES) return -1;
    const end = v2HeaderLength(bytes, this.#maxTlvBytes);
    return length >= end ? end : -1;
  }
}

/** Parses a header from bytes already at hand: `'more'` when they hold only part of one. */
export function parseProxyHeader(bytes: Uint8Array, options?: ProxyParserOptions): ProxyParseResult | typeof MORE {
  return new ProxyHeaderParser(options).feed(bytes);
}
