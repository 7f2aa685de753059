import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../src/bytes.js';
import { HpackDecodingError } from '../src/errors.js';
import { huffmanDecode, huffmanEncode, huffmanEncodedLength } from '../src/huffman.js';
import { HUFFMAN_CODES, HUFFMAN_LENGTHS } from '../src/huffman-table.gen.js';
import { hex, prng, randInt, randString, toHex } from './support.js';

function encode(s: string): Uint8Array {
  const out = new ByteWriter(1);
  huffmanEncode(out, s);
  const bytes = out.finish();
  expect(bytes.length).toBe(huffmanEncodedLength(s));
  return bytes;
}

function decode(bytes: Uint8Array): string {
  return huffmanDecode(bytes, 0, bytes.length);
}

/** Packs a string of '0'/'1' into octets, padding the last one with `pad` bits. */
function bits(b: string, pad: '0' | '1' = '1'): Uint8Array {
  const s = b.replace(/\s+/g, '');
  const padded = s + pad.repeat((8 - (s.length % 8)) % 8);
  const out = new Uint8Array(padded.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(padded.slice(i * 8, i * 8 + 8), 2);
  return out;
}

function codeBits(c: number): string {
  return HUFFMAN_CODES[c]!.toString(2).padStart(HUFFMAN_LENGTHS[c]!, '0');
}

function failure(bytes: Uint8Array): string | undefined {
  try {
    decode(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(HpackDecodingError);
    return (error as HpackDecodingError).code;
  }
  return undefined;
}

describe('Huffman table (RFC 7541 Appendix B)', () => {
  it('is the generated file the script produces from the RFC text', () => {
    const script = fileURLToPath(new URL('../scripts/gen-huffman-table.mjs', import.meta.url));
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain('up to date');
  });

  it('has the codes of a few well-known symbols', () => {
    expect([HUFFMAN_CODES[0], HUFFMAN_LENGTHS[0]]).toEqual([0x1ff8, 13]);
    expect([HUFFMAN_CODES[48], HUFFMAN_LENGTHS[48]]).toEqual([0x0, 5]); // '0'
    expect([HUFFMAN_CODES[97], HUFFMAN_LENGTHS[97]]).toEqual([0x3, 5]); // 'a'
    expect([HUFFMAN_CODES[47], HUFFMAN_LENGTHS[47]]).toEqual([0x18, 6]); // '/'
    expect([HUFFMAN_CODES[255], HUFFMAN_LENGTHS[255]]).toEqual([0x3ffffee, 26]);
    expect([HUFFMAN_CODES[256], HUFFMAN_LENGTHS[256]]).toEqual([0x3fffffff, 30]); // EOS
  });
});

describe('Huffman coding (RFC 7541 §5.2)', () => {
  const examples: Array<[string, string]> = [
    ['www.example.com', 'f1e3 c2e5 f23a 6ba0 ab90 f4ff'],
    ['no-cache', 'a8eb 1064 9cbf'],
    ['custom-key', '25a8 49e9 5ba9 7d7f'],
    ['custom-value', '25a8 49e9 5bb8 e8b4 bf'],
    ['302', '6402'],
    ['307', '640e ff'],
    ['private', 'aec3 771a 4b'],
    ['Mon, 21 Oct 2013 20:13:21 GMT', 'd07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff'],
    ['https://www.example.com', '9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3'],
    ['gzip', '9bd9 ab'],
  ];

  it.each(examples)('codes %j as in Appendix C', (text, dump) => {
    expect(toHex(encode(text))).toBe(toHex(hex(dump)));
    expect(decode(hex(dump))).toBe(text);
  });

  it('round-trips every octet value, alone and all together', () => {
    let all = '';
    for (let c = 0; c < 256; c++) {
      const s = String.fromCharCode(c);
      all += s;
      expect(decode(encode(s))).toBe(s);
      expect(decode(encode(s + s + s))).toBe(s + s + s);
    }
    expect(decode(encode(all))).toBe(all);
    const reversed = [...all].reverse().join('');
    expect(decode(encode(reversed))).toBe(reversed);
  });

  it('round-trips random strings', () => {
    const rand = prng(7541);
    for (let i = 0; i < 2000; i++) {
      const s = i % 2 === 0 ? randString(rand, randInt(rand, 64)) : randString(rand, randInt(rand, 300), 'abc/-=:0123 %');
      expect(decode(encode(s))).toBe(s);
    }
    const long = randString(rand, 100_000);
    expect(decode(encode(long))).toBe(long);
  });

  it('decodes a slice of a larger buffer', () => {
    const inner = hex('00 00 a8eb 1064 9cbf 00');
    expect(huffmanDecode(inner, 2, 8)).toBe('no-cache');
  });

  it('accepts an empty string and padding of 1 to 7 one bits', () => {
    expect(decode(new Uint8Array(0))).toBe('');
    for (let n = 1; n <= 8; n++) {
      const s = 'a'.repeat(n); // 5n bits, so 8 - 5n mod 8 bits of padding: 3, 6, 1, 4, 7, 2, 5, 0
      expect(decode(bits(codeBits(97).repeat(n)))).toBe(s);
    }
    // The padding is the start of EOS, hence a prefix of longer codes: fine while at most 7 bits.
    expect(decode(bits(codeBits(48) + '111'))).toBe('0');
  });

  it('rejects padding longer than 7 bits', () => {
    expect(failure(hex('ff'))).toBe('HPACK_BAD_HUFFMAN'); // 8 ones and nothing else
    expect(failure(bits(codeBits(97) + '111' + '11111111'))).toBe('HPACK_BAD_HUFFMAN'); // 'a', then 11 ones
    expect(failure(bits(codeBits(48).repeat(8) + '11111111'))).toBe('HPACK_BAD_HUFFMAN'); // aligned, then 0xff
    expect(failure(hex('f1e3 c2e5 f23a 6ba0 ab90 f4ff ff'))).toBe('HPACK_BAD_HUFFMAN');
    expect(failure(bits('1'.repeat(29)))).toBe('HPACK_BAD_HUFFMAN'); // 29 ones + 3 padding: EOS or too long
  });

  it('rejects padding that is not all ones', () => {
    expect(failure(bits(codeBits(97), '0'))).toBe('HPACK_BAD_HUFFMAN'); // 'a' then 000
    expect(failure(bits(codeBits(97) + '101'))).toBe('HPACK_BAD_HUFFMAN');
    expect(failure(hex('00'))).toBe('HPACK_BAD_HUFFMAN'); // '0' then 000
    expect(failure(hex('f1e3 c2e5 f23a 6ba0 ab90 f4fe'))).toBe('HPACK_BAD_HUFFMAN');
  });

  it('rejects the EOS symbol anywhere in the string', () => {
    const eos = '1'.repeat(30);
    expect(failure(bits(eos))).toBe('HPACK_BAD_HUFFMAN');
    expect(failure(bits(codeBits(97) + eos))).toBe('HPACK_BAD_HUFFMAN');
    expect(failure(bits(eos + codeBits(97)))).toBe('HPACK_BAD_HUFFMAN');
    expect(failure(bits(codeBits(97) + codeBits(98) + eos + codeBits(99)))).toBe('HPACK_BAD_HUFFMAN');
    expect(failure(hex('ffff ffff'))).toBe('HPACK_BAD_HUFFMAN');
  });

  it('never encodes longer than 30 bits per octet, nor shorter than 5', () => {
    expect(huffmanEncodedLength('')).toBe(0);
    expect(huffmanEncodedLength('a')).toBe(1);
    expect(huffmanEncodedLength('\n')).toBe(4); // 30 bits
    expect(huffmanEncodedLength('0'.repeat(8))).toBe(5);
  });
});
