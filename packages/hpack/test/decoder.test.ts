import { describe, expect, it } from 'vitest';
import type { HpackDecoderOptions } from '../src/index.js';
import { HpackDecoder, HpackDecodingError, HpackEncoder, isHpackError } from '../src/index.js';
import { hex } from './support.js';

function failure(decoder: HpackDecoder, block: Uint8Array): HpackDecodingError {
  try {
    decoder.decode(block);
  } catch (error) {
    expect(error).toBeInstanceOf(HpackDecodingError);
    return error as HpackDecodingError;
  }
  throw new Error('decode did not fail');
}

function codeOf(block: Uint8Array | string, options?: HpackDecoderOptions): string {
  return failure(new HpackDecoder(options), typeof block === 'string' ? hex(block) : block).code;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A block that adds `x: a…a` (4 KB entry) then references it (index 62) `refs` times. */
function bomb(refs: number): { block: Uint8Array; literalLength: number } {
  const literal = new HpackEncoder({ huffman: 'never' }).encode([['x', 'a'.repeat(4096 - 32 - 1)]]);
  return { block: concat(literal, new Uint8Array(refs).fill(0xbe)), literalLength: literal.length };
}

describe('HpackDecoder', () => {
  it('decodes an empty block to an empty list', () => {
    expect(new HpackDecoder().decode(new Uint8Array(0))).toEqual([]);
  });

  it('returns names and values as latin1 byte strings', () => {
    // literal without indexing, new name "\x00\xff", value "\x80é" as raw octets
    const decoder = new HpackDecoder();
    expect(decoder.decode(hex('00 02 00ff 02 80e9'))).toEqual([['\x00\xff', '\x80\xe9']]);
  });

  describe('HPACK bomb and header list limits (RFC 9113 §6.5.2)', () => {
    it('refuses one big entry referenced thousands of times, early', () => {
      const { block, literalLength } = bomb(100_000);
      const error = failure(new HpackDecoder(), block);
      expect(error.code).toBe('HPACK_HEADER_LIST_TOO_LARGE');
      // 65536 / 4096 = 16 fields fit: the 17th, the 16th reference, is refused; the rest is never read.
      expect(error.offset).toBe(literalLength + 15);
      expect(error.message).toContain('after 16 fields');
    });

    it('counts name + value + 32 per field, up to and including the limit', () => {
      const { block } = bomb(15);
      expect(new HpackDecoder().decode(block)).toHaveLength(16); // exactly 16 * 4096 = 65536
      expect(codeOf(block, { maxHeaderListSize: 65535 })).toBe('HPACK_HEADER_LIST_TOO_LARGE');
      expect(new HpackDecoder({ maxHeaderListSize: 32 + 7 + 3 }).decode(hex('82'))).toEqual([[':method', 'GET']]);
      expect(codeOf('82', { maxHeaderListSize: 32 + 7 + 2 })).toBe('HPACK_HEADER_LIST_TOO_LARGE');
    });

    it('refuses a literal longer than the budget before reading it', () => {
      // Literal without indexing, new name 'x', value claiming 1,000,000 octets that are not even there.
      const huge = new HpackEncoder({ huffman: 'never' }).encode([['x', 'v'.repeat(1_000_000)]]);
      const header = huge.subarray(0, 8);
      const error = failure(new HpackDecoder(), header);
      expect(error.code).toBe('HPACK_HEADER_LIST_TOO_LARGE');
      expect(codeOf(huge)).toBe('HPACK_HEADER_LIST_TOO_LARGE');
      expect(new HpackDecoder({ maxHeaderListSize: 2_000_000 }).decode(huge)[0]![1]).toHaveLength(1_000_000);
    });

    it('limits the number of fields', () => {
      expect(new HpackDecoder().decode(new Uint8Array(256).fill(0x82))).toHaveLength(256);
      expect(codeOf(new Uint8Array(257).fill(0x82))).toBe('HPACK_TOO_MANY_FIELDS');
      expect(codeOf(new Uint8Array(4).fill(0x82), { maxFieldCount: 3 })).toBe('HPACK_TOO_MANY_FIELDS');
    });
  });

  describe('indices (RFC 7541 §2.3.3, §6.1)', () => {
    it('rejects index 0', () => expect(codeOf('80')).toBe('HPACK_INVALID_INDEX'));
    it('rejects an index past the static table when the dynamic table is empty', () => {
      expect(codeOf('be')).toBe('HPACK_INVALID_INDEX');
      expect(new HpackDecoder().decode(hex('bd'))).toEqual([['www-authenticate', '']]);
    });
    it('rejects an index past the dynamic table', () => {
      // add one entry (62), then reference 63
      expect(codeOf('40 01 61 01 62 bf')).toBe('HPACK_INVALID_INDEX');
      expect(new HpackDecoder().decode(hex('40 01 61 01 62 be'))).toEqual([
        ['a', 'b'],
        ['a', 'b'],
      ]);
    });
    it('rejects an out-of-range indexed name in every literal representation', () => {
      expect(codeOf('7e 01 61')).toBe('HPACK_INVALID_INDEX'); // with indexing, name 62
      expect(codeOf('0f 2f 01 61')).toBe('HPACK_INVALID_INDEX'); // without indexing, name 62
      expect(codeOf('1f 2f 01 61')).toBe('HPACK_INVALID_INDEX'); // never indexed, name 62
    });
    it('rejects a huge index', () => expect(codeOf('ff ff ff ff ff 03')).toBe('HPACK_INVALID_INDEX'));
  });

  describe('truncation and malformed data', () => {
    it.each([
      ['a bare literal pattern', '40'],
      ['a name length without the name', '40 0a 63'],
      ['an indexed name without a value', '41'],
      ['a value cut short', '41 03 61 62'],
      ['an integer cut short', 'ff'],
      ['an index integer cut short', 'ff 80'],
      ['a size update cut short', '3f'],
    ])('rejects %s', (_what, block) => expect(codeOf(block)).toBe('HPACK_TRUNCATED'));

    it('rejects an integer overflow', () => expect(codeOf('ff ff ff ff ff ff 01')).toBe('HPACK_INTEGER_OVERFLOW'));
    it('rejects bad Huffman in a name or a value', () => {
      expect(codeOf('00 81 ff 00')).toBe('HPACK_BAD_HUFFMAN'); // name: 8 ones of padding
      expect(codeOf('04 81 00')).toBe('HPACK_BAD_HUFFMAN'); // value: padding of zeros
      expect(codeOf('04 84 ffff ffff')).toBe('HPACK_BAD_HUFFMAN'); // value: EOS
    });
  });

  describe('dynamic table size updates (RFC 7541 §4.2, §6.3)', () => {
    it('accepts updates at the start of a block, and applies them', () => {
      const decoder = new HpackDecoder();
      decoder.decode(hex('40 01 61 01 62'));
      expect(decoder.decode(hex('20 3f e1 1f 82'))).toEqual([[':method', 'GET']]); // 0 then 4096
      expect(decoder.dynamicTableEntries()).toEqual([]); // emptied by the update to 0
      expect(decoder.dynamicTableMaxSize).toBe(4096);
      expect(decoder.decode(hex('3f 11'))).toEqual([]); // 48, alone in a block
      expect(decoder.dynamicTableMaxSize).toBe(48);
    });

    it('rejects an update after a field', () => {
      expect(codeOf('82 3f e1 1f')).toBe('HPACK_TABLE_SIZE_UPDATE');
      expect(codeOf('20 82 20')).toBe('HPACK_TABLE_SIZE_UPDATE');
      expect(failure(new HpackDecoder(), hex('82 82 20')).offset).toBe(2);
    });

    it('rejects an update above the advertised SETTINGS_HEADER_TABLE_SIZE', () => {
      expect(codeOf('3f e2 1f')).toBe('HPACK_TABLE_SIZE_UPDATE'); // 4097 > 4096
      expect(codeOf('3f 11', { maxTableSize: 47 })).toBe('HPACK_TABLE_SIZE_UPDATE'); // 48 > 47
      expect(new HpackDecoder({ maxTableSize: 48 }).decode(hex('3f 11'))).toEqual([]);
    });

    it('after the limit drops, requires the next block to open with an update within it', () => {
      const decoder = new HpackDecoder();
      decoder.setMaxTableSize(1024);
      expect(decoder.maxTableSize).toBe(1024);
      expect(failure(decoder, hex('82')).code).toBe('HPACK_TABLE_SIZE_UPDATE');

      const above = new HpackDecoder();
      above.setMaxTableSize(1024);
      expect(failure(above, hex('3f e1 1f 82')).code).toBe('HPACK_TABLE_SIZE_UPDATE'); // 4096 > 1024

      const empty = new HpackDecoder();
      empty.setMaxTableSize(1024);
      expect(failure(empty, new Uint8Array(0)).code).toBe('HPACK_TABLE_SIZE_UPDATE'); // update missing

      const ok = new HpackDecoder();
      ok.setMaxTableSize(1024);
      expect(ok.decode(hex('3f e1 07 82'))).toEqual([[':method', 'GET']]); // 1024
      expect(ok.decode(hex('82'))).toEqual([[':method', 'GET']]); // no longer required
    });

    it('after the limit drops and rises again, requires the smallest value first', () => {
      const tooBig = new HpackDecoder();
      tooBig.setMaxTableSize(100);
      tooBig.setMaxTableSize(4096);
      expect(failure(tooBig, hex('3f e1 1f')).code).toBe('HPACK_TABLE_SIZE_UPDATE');

      const ok = new HpackDecoder();
      ok.setMaxTableSize(100);
      ok.setMaxTableSize(4096);
      expect(ok.decode(hex('3f 45 3f e1 1f 82'))).toHaveLength(1); // 100, then 4096
      expect(ok.dynamicTableMaxSize).toBe(4096);
    });

    it('does not require an update when the limit rises', () => {
      const decoder = new HpackDecoder();
      decoder.setMaxTableSize(8192);
      expect(decoder.decode(hex('82'))).toHaveLength(1);
      expect(decoder.decode(hex('3f e1 3f'))).toEqual([]); // 8192 now allowed
      expect(decoder.dynamicTableMaxSize).toBe(8192);
    });
  });

  it('empties the table for an entry larger than it, and still emits the field', () => {
    const decoder = new HpackDecoder({ maxTableSize: 64 });
    decoder.decode(hex('40 01 61 01 62'));
    expect(decoder.dynamicTableSize).toBe(34);
    const big = new HpackEncoder({ huffman: 'never', indexing: () => 'incremental', maxTableSize: 4096 });
    expect(decoder.decode(big.encode([['big', 'v'.repeat(40)]]))).toEqual([['big', 'v'.repeat(40)]]);
    expect(decoder.dynamicTableEntries()).toEqual([]);
  });

  it('refuses to decode after a failure (the connection is dead)', () => {
    const decoder = new HpackDecoder();
    expect(failure(decoder, hex('80')).code).toBe('HPACK_INVALID_INDEX');
    const error = failure(decoder, hex('82'));
    expect(error.code).toBe('HPACK_DECODER_FAILED');
    expect(isHpackError(error)).toBe(true);
  });

  it('checks its options', () => {
    expect(() => new HpackDecoder({ maxTableSize: -1 })).toThrow(RangeError);
    expect(() => new HpackDecoder({ maxHeaderListSize: 1.5 })).toThrow(RangeError);
    expect(() => new HpackDecoder().setMaxTableSize(Number.NaN)).toThrow(RangeError);
  });
});
