/** @module Test helpers: hex dumps as in RFC 7541 Appendix C, and a seeded PRNG. */

/** Parses a hex dump like "8286 8441 0f77" (whitespace ignored). */
export function hex(dump: string): Uint8Array {
  const digits = dump.replace(/\s+/g, '');
  if (digits.length % 2 !== 0 || /[^0-9a-f]/i.test(digits)) throw new Error(`bad hex: ${dump}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Hex of `bytes`, no spaces. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** mulberry32: a small, seedable, deterministic PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random integer in [0, n). */
export function randInt(rand: () => number, n: number): number {
  return Math.floor(rand() * n);
}

/** Random latin1 string of `length` chars drawn from `alphabet`, or from all 256 octets. */
export function randString(rand: () => number, length: number, alphabet?: string): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    s += alphabet === undefined ? String.fromCharCode(randInt(rand, 256)) : alphabet[randInt(rand, alphabet.length)]!;
  }
  return s;
}

/** Parses "name: value" lines (first ": " splits) into a header list. */
export function headerList(text: string): Array<[string, string]> {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const at = line.indexOf(': ');
      return [line.slice(0, at).trim(), line.slice(at + 2)] as [string, string];
    });
}
