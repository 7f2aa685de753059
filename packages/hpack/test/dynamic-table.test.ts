import { describe, expect, it } from 'vitest';
import { DynamicTable, entrySize } from '../src/dynamic-table.js';
import { EncoderTable } from '../src/encoder-table.js';
import { STATIC_TABLE, STATIC_TABLE_LENGTH, staticNameIndex, staticPairIndex } from '../src/static-table.js';

describe('static table (RFC 7541 Appendix A)', () => {
  it('has 61 entries, from :authority to www-authenticate', () => {
    expect(STATIC_TABLE).toHaveLength(STATIC_TABLE_LENGTH);
    expect(STATIC_TABLE[0]).toEqual([':authority', '']);
    expect(STATIC_TABLE[15]).toEqual(['accept-encoding', 'gzip, deflate']);
    expect(STATIC_TABLE[60]).toEqual(['www-authenticate', '']);
  });

  it('finds names (lowest index) and name+value pairs', () => {
    expect(staticNameIndex(':status')).toBe(8);
    expect(staticNameIndex('cookie')).toBe(32);
    expect(staticNameIndex('x-unknown')).toBe(0);
    expect(staticPairIndex(':status', '404')).toBe(13);
    expect(staticPairIndex(':path', '/index.html')).toBe(5);
    expect(staticPairIndex(':status', '418')).toBe(0);
    expect(staticPairIndex('age', '')).toBe(21);
  });
});

describe('DynamicTable (RFC 7541 §4)', () => {
  it('sizes entries as name + value + 32', () => {
    expect(entrySize('custom-key', 'custom-header')).toBe(55);
    expect(entrySize('', '')).toBe(32);
  });

  it('inserts at index 1 and evicts the oldest', () => {
    const table = new DynamicTable(100);
    table.add('a', '1'); // 34
    table.add('b', '2'); // 68
    expect(table.entries()).toEqual([
      ['b', '2'],
      ['a', '1'],
    ]);
    table.add('c', '3'); // 102 > 100: 'a' goes
    expect(table.entries()).toEqual([
      ['c', '3'],
      ['b', '2'],
    ]);
    expect(table.size).toBe(68);
    expect([table.nameAt(2), table.valueAt(2)]).toEqual(['b', '2']);
  });

  it('empties itself for an entry larger than its maximum size', () => {
    const table = new DynamicTable(100);
    table.add('a', '1');
    table.add('big', 'x'.repeat(100));
    expect(table.length).toBe(0);
    expect(table.size).toBe(0);
  });

  it('evicts on resize and keeps order through ring buffer growth', () => {
    const table = new DynamicTable(1_000_000);
    for (let i = 0; i < 1000; i++) table.add(`n${i}`, `v${i}`);
    expect(table.length).toBe(1000);
    expect(table.nameAt(1)).toBe('n999');
    expect(table.nameAt(1000)).toBe('n0');
    const size = entrySize('n999', 'v999');
    table.setMaxSize(size * 3);
    expect(table.entries().map(([n]) => n)).toEqual(['n999', 'n998', 'n997']);
    for (let i = 0; i < 50; i++) table.add(`m${i}`, `w${i}`); // wraps around the ring
    expect(table.entries().map(([n]) => n)).toEqual(['m49', 'm48', 'm47']);
    table.setMaxSize(0);
    expect(table.entries()).toEqual([]);
  });
});

describe('EncoderTable', () => {
  it('finds the newest entry by name and by name+value, forgetting evicted ones', () => {
    const table = new EncoderTable(3 * 34);
    table.add('a', '1');
    table.add('b', '1');
    table.add('a', '2');
    expect(table.pairIndex('a', '1')).toBe(3);
    expect(table.pairIndex('a', '2')).toBe(1);
    expect(table.nameIndex('a')).toBe(1);
    table.add('c', '1'); // evicts a:1
    expect(table.pairIndex('a', '1')).toBe(0);
    expect(table.nameIndex('a')).toBe(2);
    table.add('d', '1'); // evicts b:1
    table.add('e', '1'); // evicts a:2
    expect(table.nameIndex('a')).toBe(0);
    expect(table.nameIndex('b')).toBe(0);
    expect(table.pairIndex('e', '1')).toBe(1);
  });

  it('keeps a key that a newer duplicate took over when the older one is evicted', () => {
    const table = new EncoderTable(2 * 34);
    table.add('a', '1');
    table.add('a', '1');
    table.add('b', '1'); // evicts the older a:1
    expect(table.pairIndex('a', '1')).toBe(2);
  });

  it('does not confuse name/value boundaries', () => {
    const table = new EncoderTable(4096);
    table.add('ab', 'c');
    expect(table.pairIndex('a', 'bc')).toBe(0);
    expect(table.pairIndex('ab', 'c')).toBe(1);
  });

  it('answers the same by scan (small table) and by Maps (past 8 entries), through evictions', () => {
    // A reference answer by brute force over entries(), checked after every insertion on both sides of the switch.
    const table = new EncoderTable(20 * 40);
    const check = (): void => {
      const all = table.entries();
      for (const name of ['n0', 'n1', 'n2', 'n3', 'absent']) {
        const byName = all.findIndex(([n]) => n === name) + 1;
        expect(table.nameIndex(name)).toBe(byName);
        for (const value of ['v0', 'v1', 'v2', 'v9']) {
          expect(table.pairIndex(name, value)).toBe(all.findIndex(([n, v]) => n === name && v === value) + 1);
        }
      }
    };
    for (let i = 0; i < 60; i++) {
      table.add(`n${i % 4}`, `v${(i * 7) % 3}`);
      check();
    }
  });
});
