import { describe, expect, it } from 'vitest';
import type { IndexingMode } from '../src/index.js';
import {
  defaultIndexingPolicy,
  HpackDecoder,
  HpackEncoder,
  HpackEncodingError,
  SHORT_COOKIE_LENGTH,
} from '../src/index.js';
import { toHex } from './support.js';

const raw = { huffman: 'never' } as const;

describe('HpackEncoder', () => {
  it('sends a field found whole in the static table as an index', () => {
    const encoder = new HpackEncoder();
    expect(toHex(encoder.encode([[':method', 'GET'], [':status', '404'], ['accept-encoding', 'gzip, deflate']]))).toBe(
      '828d90',
    );
    expect(encoder.dynamicTableSize).toBe(0);
  });

  it('indexes a new field, then sends it as a dynamic index', () => {
    const encoder = new HpackEncoder(raw);
    expect(toHex(encoder.encode([['x-a', '1']]))).toBe('4003782d610131');
    expect(toHex(encoder.encode([['x-a', '1']]))).toBe('be');
    expect(toHex(encoder.encode([['x-b', '2'], ['x-a', '1']]))).toBe('4003782d6201' + '32' + 'bf');
  });

  it('uses a dynamic entry for the name when the value differs', () => {
    const encoder = new HpackEncoder({ ...raw, indexing: (_name, value) => (value === 'a' ? 'incremental' : 'without') });
    encoder.encode([['custom-key', 'a']]);
    // without indexing, name index 62 (4-bit prefix: 0f 2f), value "b"
    expect(toHex(encoder.encode([['custom-key', 'b']]))).toBe('0f2f0162');
  });

  it('prefers a static name to a dynamic one', () => {
    const encoder = new HpackEncoder(raw);
    encoder.encode([['date', 'one']]);
    expect(toHex(encoder.encode([['date', 'two']])).slice(0, 2)).toBe('61'); // static index 33
  });

  describe('sensitive fields (RFC 7541 §7.1.3)', () => {
    it.each([
      ['authorization', 'Bearer a-long-token-that-is-still-secret'],
      ['proxy-authorization', 'Basic dXNlcjpwYXNz'],
      ['cookie', 'sid=12345'],
      ['set-cookie', 'sid=12345; Secure'],
    ])('sends %s as a never-indexed literal, every time', (name, value) => {
      expect(defaultIndexingPolicy(name, value)).toBe('never');
      const encoder = new HpackEncoder(raw);
      const decoder = new HpackDecoder();
      for (let i = 0; i < 3; i++) {
        const block = encoder.encode([[name, value]]);
        expect(block[0]! & 0xf0).toBe(0x10); // 0001xxxx: never indexed
        expect(decoder.decode(block)).toEqual([[name, value]]);
      }
      expect(encoder.dynamicTableSize).toBe(0);
      expect(decoder.dynamicTableSize).toBe(0);
    });

    it('indexes cookies of at least SHORT_COOKIE_LENGTH octets', () => {
      const value = 'c'.repeat(SHORT_COOKIE_LENGTH);
      expect(defaultIndexingPolicy('cookie', value)).toBe('incremental');
      expect(defaultIndexingPolicy('cookie', value.slice(1))).toBe('never');
      const encoder = new HpackEncoder(raw);
      encoder.encode([['cookie', value]]);
      expect(toHex(encoder.encode([['cookie', value]]))).toBe('be');
    });

    it('does not use a whole-field table entry for a field now marked never', () => {
      let mode: IndexingMode = 'incremental';
      const encoder = new HpackEncoder({ ...raw, indexing: () => mode });
      encoder.encode([['x', 'y']]);
      mode = 'never';
      expect(toHex(encoder.encode([['x', 'y']]))).toBe('1f2f0179'); // never, name index 62, literal value
    });
  });

  it('Huffman-codes when shorter in auto mode, and as told otherwise', () => {
    const headers: Array<[string, string]> = [['x-lower', 'aaaaaaaaaa']];
    const lengths = (['auto', 'always', 'never'] as const).map((huffman) => {
      return new HpackEncoder({ huffman, indexing: () => 'without' }).encode(headers).length;
    });
    expect(lengths[0]).toBe(lengths[1]);
    expect(lengths[0]).toBeLessThan(lengths[2]!);
    // Rare octets: Huffman is longer, auto sends them raw.
    const rare: Array<[string, string]> = [['x', '\x00\x01\x02\x03']];
    const auto = new HpackEncoder({ indexing: () => 'without' }).encode(rare);
    const always = new HpackEncoder({ huffman: 'always', indexing: () => 'without' }).encode(rare);
    expect(auto[3]).toBe(0x04); // value length 4, H bit clear
    expect(always.length).toBeGreaterThan(auto.length);
    expect(new HpackDecoder().decode(always)).toEqual(rare);
  });

  it('sends a field larger than the table without indexing', () => {
    const encoder = new HpackEncoder({ ...raw, maxTableSize: 64 });
    encoder.encode([['a', 'b']]);
    const block = encoder.encode([['big', 'v'.repeat(40)]]);
    expect(block[0]! & 0xf0).toBe(0x00);
    expect(encoder.dynamicTableEntries()).toEqual([['a', 'b']]);
  });

  describe('setMaxTableSize (RFC 7541 §4.2, §6.3)', () => {
    it('opens the next block, and only it, with a size update, evicting at once', () => {
      const encoder = new HpackEncoder(raw);
      encoder.encode([['x-1', 'a'.repeat(100)], ['x-2', 'b'.repeat(100)]]);
      encoder.setMaxTableSize(256);
      expect(encoder.dynamicTableEntries().map(([n]) => n)).toEqual(['x-2']);
      expect(toHex(encoder.encode([[':method', 'GET']]))).toBe('3fe101' + '82'); // 256
      expect(toHex(encoder.encode([[':method', 'GET']]))).toBe('82');
    });

    it('sends the smallest size then the final one when it went down and up', () => {
      const encoder = new HpackEncoder(raw);
      encoder.encode([['x-1', 'a']]);
      encoder.setMaxTableSize(100);
      encoder.setMaxTableSize(0);
      encoder.setMaxTableSize(4096);
      expect(encoder.dynamicTableSize).toBe(0);
      expect(toHex(encoder.encode([]))).toBe('20' + '3fe11f'); // 0, then 4096
    });

    it('sends one update when the size only went down', () => {
      const encoder = new HpackEncoder(raw);
      encoder.setMaxTableSize(200);
      encoder.setMaxTableSize(100);
      expect(toHex(encoder.encode([]))).toBe('3f45'); // 100
    });

    it('sends nothing when the size did not change', () => {
      const encoder = new HpackEncoder(raw);
      encoder.setMaxTableSize(4096);
      expect(toHex(encoder.encode([[':method', 'GET']]))).toBe('82');
    });

    it('is understood by a decoder whose limit changed the same way', () => {
      const encoder = new HpackEncoder(raw);
      const decoder = new HpackDecoder();
      decoder.decode(encoder.encode([['x-1', 'a']]));
      encoder.setMaxTableSize(0);
      decoder.setMaxTableSize(0);
      expect(decoder.decode(encoder.encode([['x-1', 'a']]))).toEqual([['x-1', 'a']]);
      expect(decoder.dynamicTableEntries()).toEqual([]);
    });
  });

  it('refuses strings that are not byte strings, leaving its state unchanged', () => {
    const encoder = new HpackEncoder(raw);
    encoder.setMaxTableSize(100);
    expect(() => encoder.encode([['x-a', '1'], ['x', 'caf\u00e9 \u20ac']])).toThrow(HpackEncodingError);
    try {
      encoder.encode([['na\u0100me', '']]);
    } catch (error) {
      expect((error as HpackEncodingError).code).toBe('HPACK_INVALID_STRING');
    }
    expect(encoder.dynamicTableSize).toBe(0);
    expect(toHex(encoder.encode([]))).toBe('3f45'); // the pending update was kept
    expect(new HpackEncoder(raw).encode([['x', 'caf\u00e9']]).length).toBeGreaterThan(0); // latin1 is fine
  });

  it('checks its options', () => {
    expect(() => new HpackEncoder({ maxTableSize: -1 })).toThrow(RangeError);
    expect(() => new HpackEncoder().setMaxTableSize(2 ** 31)).toThrow(RangeError);
  });
});
