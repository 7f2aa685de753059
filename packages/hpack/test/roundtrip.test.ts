/**
 * Property tests with a seeded PRNG: random header lists go through an encoder and then a decoder kept in step, with
 * several table sizes, Huffman modes, indexing policies and table size changes; every block must decode to its
 * list, and both dynamic tables must stay identical.
 */
import { describe, expect, it } from 'vitest';
import type { HuffmanMode, IndexingMode, IndexingPolicy } from '../src/index.js';
import { defaultIndexingPolicy, HpackDecoder, HpackDecodingError, HpackEncoder, STATIC_TABLE } from '../src/index.js';
import { prng, randInt, randString } from './support.js';

type Rand = () => number;

const NAMES = [...new Set(STATIC_TABLE.map(([name]) => name)), 'x-request-id', 'custom-key', 'x-forwarded-for'];
const VALUES = ['', '0', 'GET', '200', '/', 'gzip, deflate', 'no-cache', 'www.example.com', 'text/html; charset=utf-8'];
const TOKEN = 'abcdefghijklmnopqrstuvwxyz0123456789-_.~/=;, ';

function randomField(rand: Rand): [string, string] {
  const r = rand();
  if (r < 0.1) return STATIC_TABLE[randInt(rand, STATIC_TABLE.length)]! as [string, string]; // whole static match
  const name = rand() < 0.7 ? NAMES[randInt(rand, NAMES.length)]! : 'x-' + randString(rand, 1 + randInt(rand, 12), TOKEN);
  const v = rand();
  let value: string;
  if (v < 0.4) value = VALUES[randInt(rand, VALUES.length)]!;
  else if (v < 0.8) value = randString(rand, randInt(rand, 40), TOKEN);
  else if (v < 0.97) value = randString(rand, randInt(rand, 64)); // any octet
  else value = randString(rand, 200 + randInt(rand, 3000), TOKEN); // big, maybe larger than the table
  return [name, value];
}

function randomList(rand: Rand, history: Array<[string, string]>): Array<[string, string]> {
  const list: Array<[string, string]> = [];
  const n = randInt(rand, 20);
  for (let i = 0; i < n; i++) {
    // Repeat earlier fields often, so that the dynamic table gets used.
    if (history.length > 0 && rand() < 0.4) list.push(history[history.length - 1 - randInt(rand, Math.min(30, history.length))]!);
    else list.push(randomField(rand));
  }
  history.push(...list);
  return list;
}

function randomPolicy(rand: Rand): IndexingPolicy {
  const modes: IndexingMode[] = ['incremental', 'without', 'never'];
  switch (randInt(rand, 3)) {
    case 0:
      return defaultIndexingPolicy;
    case 1:
      return () => 'incremental';
    default:
      return () => modes[randInt(rand, 3)]!;
  }
}

function run(seed: number, tableSize: number, blocks: number, resize: boolean): void {
  const rand = prng(seed);
  const huffman: HuffmanMode = (['auto', 'always', 'never'] as const)[seed % 3]!;
  const encoder = new HpackEncoder({ maxTableSize: tableSize, huffman, indexing: randomPolicy(rand) });
  const decoder = new HpackDecoder({ maxTableSize: tableSize, maxHeaderListSize: 1 << 24, maxFieldCount: 1000 });
  const history: Array<[string, string]> = [];
  for (let b = 0; b < blocks; b++) {
    if (resize && rand() < 0.1) {
      // The decoder advertises a new SETTINGS_HEADER_TABLE_SIZE (applied at its ACK); the encoder uses it, or
      // sometimes less, sometimes after passing through a smaller value.
      const sizes = [0, 32, 100, 256, 1000, 4096, 10_000];
      const limit = sizes[randInt(rand, sizes.length)]!;
      decoder.setMaxTableSize(limit);
      if (rand() < 0.3) encoder.setMaxTableSize(randInt(rand, limit + 1));
      encoder.setMaxTableSize(rand() < 0.8 ? limit : randInt(rand, limit + 1));
    }
    const list = randomList(rand, history);
    const block = encoder.encode(list);
    expect(decoder.decode(block), `seed ${seed} block ${b}`).toEqual(list);
    expect(decoder.dynamicTableSize).toBe(encoder.dynamicTableSize);
    expect(decoder.dynamicTableEntries()).toEqual(encoder.dynamicTableEntries());
    expect(decoder.dynamicTableMaxSize).toBe(encoder.maxTableSize);
  }
}

describe('encoder → decoder round trips (seeded)', () => {
  for (const tableSize of [0, 64, 256, 4096, 65536]) {
    it(`keeps both tables in step with table size ${tableSize}`, () => {
      for (let seed = 1; seed <= 6; seed++) run(seed * 1000 + tableSize, tableSize, 150, false);
    });
  }

  it('keeps both tables in step across table size updates', () => {
    for (let seed = 1; seed <= 20; seed++) run(seed, 4096, 200, true);
  });

  it('never grows the table past its maximum size', () => {
    const rand = prng(99);
    const encoder = new HpackEncoder({ maxTableSize: 300, indexing: () => 'incremental' });
    const decoder = new HpackDecoder({ maxTableSize: 300 });
    const history: Array<[string, string]> = [];
    for (let b = 0; b < 300; b++) {
      decoder.decode(encoder.encode(randomList(rand, history)));
      expect(decoder.dynamicTableSize).toBeLessThanOrEqual(300);
      const sum = decoder.dynamicTableEntries().reduce((n, [name, value]) => n + name.length + value.length + 32, 0);
      expect(sum).toBe(decoder.dynamicTableSize);
    }
  });

  it('throws only HpackDecodingError on random and mutated input', () => {
    const rand = prng(4242);
    const encoder = new HpackEncoder();
    const history: Array<[string, string]> = [];
    let failures = 0;
    for (let i = 0; i < 3000; i++) {
      let block: Uint8Array;
      if (i % 2 === 0) {
        block = new Uint8Array(randInt(rand, 40)).map(() => randInt(rand, 256));
      } else {
        block = encoder.encode(randomList(rand, history)).slice();
        for (let k = 0; k <= randInt(rand, 3) && block.length > 0; k++) block[randInt(rand, block.length)] = randInt(rand, 256);
        if (rand() < 0.3) block = block.subarray(0, randInt(rand, block.length + 1));
      }
      try {
        const list = new HpackDecoder({ maxHeaderListSize: 1 << 20 }).decode(block);
        for (const [name, value] of list) expect(typeof name + typeof value).toBe('stringstring');
      } catch (error) {
        failures++;
        expect(error).toBeInstanceOf(HpackDecodingError);
      }
    }
    expect(failures).toBeGreaterThan(100);
  });
});
