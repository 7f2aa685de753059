import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../src/bytes.js';
import { decodeInteger, encodeInteger, integerLength, MAX_INTEGER } from '../src/integer.js';
import { HpackDecodingError } from '../src/errors.js';
import { hex, toHex } from './support.js';

function encode(value: number, prefix: number, flags = 0): string {
  const out = new ByteWriter();
  encodeInteger(out, value, prefix, flags);
  return toHex(out.finish());
}

function decode(bytes: Uint8Array, prefix: number): { value: number; pos: number } {
  const c = { buf: bytes, pos: 0 };
  const value = decodeInteger(c, prefix);
  return { value, pos: c.pos };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HpackDecodingError);
    return (error as HpackDecodingError).code;
  }
  return undefined;
}

describe('integer representation (RFC 7541 §5.1)', () => {
  it('C.1.1: 10 with a 5-bit prefix', () => {
    expect(encode(10, 5)).toBe('0a');
    expect(decode(hex('ea'), 5)).toEqual({ value: 10, pos: 1 }); // high 3 bits are flags, ignored
  });

  it('C.1.2: 1337 with a 5-bit prefix', () => {
    expect(encode(1337, 5)).toBe('1f9a0a');
    expect(decode(hex('1f9a0a'), 5)).toEqual({ value: 1337, pos: 3 });
  });

  it('C.1.3: 42 starting at an octet boundary (8-bit prefix)', () => {
    expect(encode(42, 8)).toBe('2a');
    expect(decode(hex('2a'), 8)).toEqual({ value: 42, pos: 1 });
  });

  it('keeps the flag bits and encodes the prefix maximum with a zero continuation', () => {
    expect(encode(31, 5, 0x20)).toBe('3f00');
    expect(encode(126, 7, 0x80)).toBe('fe');
    expect(encode(127, 7, 0x80)).toBe('ff00');
    expect(decode(hex('ff00'), 7).value).toBe(127);
  });

  it('round-trips values around every boundary for every prefix length', () => {
    const values = [0, 1, 2, 14, 15, 16, 30, 31, 32, 62, 63, 64, 126, 127, 128, 254, 255, 256, 16383, 16384];
    values.push(2 ** 21, 2 ** 28 - 1, 2 ** 28, MAX_INTEGER - 1, MAX_INTEGER);
    for (let prefix = 1; prefix <= 8; prefix++) {
      for (const v of values) {
        const out = new ByteWriter();
        encodeInteger(out, v, prefix, 0);
        const bytes = out.finish();
        expect(bytes.length).toBe(integerLength(v, prefix));
        expect(decode(bytes, prefix)).toEqual({ value: v, pos: bytes.length });
      }
    }
  });

  it('decodes from the middle of a buffer and stops after the integer', () => {
    const c = { buf: hex('00 1f 9a 0a 55'), pos: 1 };
    expect(decodeInteger(c, 5)).toBe(1337);
    expect(c.pos).toBe(4);
  });

  it('rejects values past 2^31-1', () => {
    // 2^31 with an 8-bit prefix: 255 + (2^31 - 255)
    const out = new ByteWriter();
    encodeInteger(out, 2 ** 31, 8, 0);
    expect(codeOf(() => decode(out.finish(), 8))).toBe('HPACK_INTEGER_OVERFLOW');
    expect(codeOf(() => decode(hex('ff ff ff ff ff 0f'), 8))).toBe('HPACK_INTEGER_OVERFLOW');
    expect(codeOf(() => decode(hex('1f ff ff ff ff ff ff ff ff ff 7f'), 5))).toBe('HPACK_INTEGER_OVERFLOW');
  });

  it('rejects overlong encodings (more continuation octets than 2^31-1 needs)', () => {
    // Five continuation octets are allowed, even if padded with zero-valued groups...
    expect(decode(hex('1f 80 80 80 80 00'), 5).value).toBe(31);
    // ...but not six, however small the value.
    expect(codeOf(() => decode(hex('1f 80 80 80 80 80 00'), 5))).toBe('HPACK_INTEGER_OVERFLOW');
    expect(codeOf(() => decode(hex('1f' + '80'.repeat(1000) + '00'), 5))).toBe('HPACK_INTEGER_OVERFLOW');
  });

  it('rejects a truncated integer', () => {
    expect(codeOf(() => decode(new Uint8Array(0), 5))).toBe('HPACK_TRUNCATED');
    expect(codeOf(() => decode(hex('1f'), 5))).toBe('HPACK_TRUNCATED');
    expect(codeOf(() => decode(hex('1f 9a'), 5))).toBe('HPACK_TRUNCATED');
  });
});
