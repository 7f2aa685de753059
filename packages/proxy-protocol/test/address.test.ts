import { SocketAddress } from 'node:net';
import { describe, expect, it } from 'vitest';
import { formatIPv6, isStrictIPv4, parseIPv6 } from '../src/address.js';

/** What Node (libuv's inet_ntop) reports for an address given as 8 words. */
function nodeText(words: number[]): string {
  return new SocketAddress({ address: words.map((w) => w.toString(16)).join(':'), family: 'ipv6' }).address;
}

describe('IPv6 text', () => {
  it('formats like Node for addresses rich in zero runs, IPv4-mapped and IPv4-compatible ones', () => {
    // Deterministic pseudo-random words, mostly 0 so that runs and ties occur, with 0xffff and 1 mixed in.
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const pick = [0, 0, 0, 0, 1, 0xffff, 0xabcd, 0x0102];
    for (let n = 0; n < 5000; n++) {
      const words = Array.from({ length: 8 }, () => pick[next() % pick.length]!);
      expect(formatIPv6(words), words.join(',')).toBe(nodeText(words));
    }
  });

  it('parses and reformats the written forms to the canonical one', () => {
    const cases: [string, string][] = [
      ['::', '::'],
      ['::1', '::1'],
      ['1::', '1::'],
      ['2001:DB8::0:1', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['0:0:0:0:0:ffff:7f00:1', '::ffff:127.0.0.1'],
      ['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
      ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
      ['1:0:2:3:4:5:6:7', '1:0:2:3:4:5:6:7'],
      ['0001:0002::', '1:2::'],
    ];
    for (const [input, canonical] of cases) {
      const words = parseIPv6(input);
      expect(words, input).not.toBeNull();
      expect(formatIPv6(words!), input).toBe(canonical);
      expect(canonical).toBe(new SocketAddress({ address: input, family: 'ipv6' }).address);
    }
  });

  it('refuses what is not IPv6', () => {
    for (const bad of ['', ':', ':::', '1:2', '1::2::3', 'g::1', '12345::', '::1.2.3', '::1.2.3.256', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8', ':1::', '1::%1']) {
      expect(parseIPv6(bad), bad).toBeNull();
    }
  });
});

describe('IPv4 text', () => {
  it('accepts strict dotted quads only', () => {
    for (const good of ['0.0.0.0', '127.0.0.1', '255.255.255.255', '10.20.30.40']) expect(isStrictIPv4(good), good).toBe(true);
    for (const bad of ['1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.256', '1..3.4', ' 1.2.3.4', '1.2.3.4 ', '+1.2.3.4', 'a.b.c.d']) {
      expect(isStrictIPv4(bad), bad).toBe(false);
    }
  });
});
