import { describe, expect, it } from 'vitest';
import { MORE, ProxyHeaderParser, parseProxyHeader, type ProxyParseResult } from '../src/index.js';
import { proxyV1, proxyV2, proxyV2Local, proxyV2Raw, proxyV2Unix, tlv } from './build.js';

const REQUEST = Buffer.from('GET / HTTP/1.1\r\nhost: x\r\n\r\n', 'latin1');

/** Every valid form, with what the parser must report. */
const VALID: { name: string; bytes: Buffer; expect: Partial<ProxyParseResult> }[] = [
  {
    name: 'v1 TCP4',
    bytes: proxyV1('TCP4', '192.168.0.1', '10.0.0.1', 56324, 443),
    expect: { version: 1, command: 'PROXY', family: 'inet', source: ['192.168.0.1', 56324], destination: ['10.0.0.1', 443] },
  },
  {
    name: 'v1 TCP4 with port 0 and 65535, address 0.0.0.0 and 255.255.255.255',
    bytes: proxyV1('TCP4', '0.0.0.0', '255.255.255.255', 0, 65535),
    expect: { family: 'inet', source: ['0.0.0.0', 0], destination: ['255.255.255.255', 65535] },
  },
  {
    name: 'v1 TCP6, upper case and uncompressed, reported canonical',
    bytes: proxyV1('TCP6', '2001:DB8:0:0:0:0:0:1', '0:0:0:0:0:0:0:1', 1, 80),
    expect: { family: 'inet6', source: ['2001:db8::1', 1], destination: ['::1', 80] },
  },
  {
    name: 'v1 TCP6 IPv4-mapped',
    bytes: proxyV1('TCP6', '::ffff:10.1.2.3', '::FFFF:a01:203', 1234, 8080),
    expect: { source: ['::ffff:10.1.2.3', 1234], destination: ['::ffff:10.1.2.3', 8080] },
  },
  {
    name: 'v1 TCP6 longest line (104 bytes)',
    bytes: proxyV1('TCP6', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 65535, 65535),
    expect: { consumed: 104, source: ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 65535] },
  },
  {
    name: 'v1 UNKNOWN alone',
    bytes: Buffer.from('PROXY UNKNOWN\r\n'),
    expect: { version: 1, command: 'PROXY', family: 'unspec', source: null, destination: null, consumed: 15 },
  },
  {
    name: 'v1 UNKNOWN with ignored addresses, the 107-byte worst case of spec §2.1',
    bytes: Buffer.from(`PROXY UNKNOWN ${'ffff:'.repeat(7)}ffff ${'ffff:'.repeat(7)}ffff 65535 65535\r\n`),
    expect: { family: 'unspec', source: null, consumed: 107 },
  },
  {
    name: 'v2 PROXY TCP over IPv4',
    bytes: proxyV2('203.0.113.7', '198.51.100.1', 40000, 443),
    expect: { version: 2, command: 'PROXY', family: 'inet', source: ['203.0.113.7', 40000], destination: ['198.51.100.1', 443], tlvs: [] },
  },
  {
    name: 'v2 PROXY TCP over IPv6',
    bytes: proxyV2('2001:db8:0:0:1:0:0:1', '::1', 65535, 0),
    expect: { family: 'inet6', source: ['2001:db8::1:0:0:1', 65535], destination: ['::1', 0] },
  },
  {
    name: 'v2 with TLVs (ALPN, authority, an empty one)',
    bytes: proxyV2('1.2.3.4', '5.6.7.8', 1, 2, [tlv(0x01, 'h2'), tlv(0x02, 'example.com'), tlv(0x04, '')]),
    expect: {
      tlvs: [
        { type: 0x01, value: new Uint8Array(Buffer.from('h2')) },
        { type: 0x02, value: new Uint8Array(Buffer.from('example.com')) },
        { type: 0x04, value: new Uint8Array(0) },
      ],
    },
  },
  {
    name: 'v2 AF_UNIX',
    bytes: proxyV2Unix('/run/client.sock', '/run/haproxy.sock'),
    expect: { family: 'unix', source: ['/run/client.sock', null], destination: ['/run/haproxy.sock', null], consumed: 232 },
  },
  { name: 'v2 LOCAL', bytes: proxyV2Local(), expect: { version: 2, command: 'LOCAL', family: 'unspec', source: null, consumed: 16 } },
  {
    name: 'v2 LOCAL with an address block that is ignored',
    bytes: proxyV2Raw(0x20, 0x11, Buffer.alloc(12, 7)),
    expect: { command: 'LOCAL', family: 'unspec', source: null, consumed: 28 },
  },
  {
    name: 'v2 PROXY AF_UNSPEC: no addresses',
    bytes: proxyV2Raw(0x21, 0x00, Buffer.alloc(0)),
    expect: { command: 'PROXY', family: 'unspec', source: null, destination: null },
  },
  {
    name: 'v2 PROXY AF_UNSPEC with TLVs',
    bytes: proxyV2Raw(0x21, 0x00, tlv(0xe0, 'x')),
    expect: { family: 'unspec', tlvs: [{ type: 0xe0, value: new Uint8Array(Buffer.from('x')) }] },
  },
];

describe('valid headers', () => {
  for (const v of VALID) {
    it(`${v.name}: parsed in one chunk, the request after it left over`, () => {
      const result = parseProxyHeader(Buffer.concat([v.bytes, REQUEST]));
      if (result === MORE) throw new Error('expected a header');
      expect(result).toMatchObject({ consumed: v.bytes.length, ...v.expect });
      expect(Buffer.from(result.rest).equals(REQUEST)).toBe(true);
    });

    it(`${v.name}: the same result split at every byte boundary, and fed byte by byte`, () => {
      const whole = Buffer.concat([v.bytes, REQUEST]);
      const reference = parseProxyHeader(whole) as ProxyParseResult;
      for (let cut = 0; cut <= whole.length; cut++) {
        const parser = new ProxyHeaderParser();
        const first = parser.feed(whole.subarray(0, cut));
        if (cut >= v.bytes.length) {
          expect(first, `cut ${cut}`).not.toBe(MORE);
          expect(Buffer.concat([(first as ProxyParseResult).rest, whole.subarray(cut)]).equals(REQUEST)).toBe(true);
          continue;
        }
        expect(first, `cut ${cut}`).toBe(MORE);
        const second = parser.feed(whole.subarray(cut)) as ProxyParseResult;
        expect({ ...second, rest: null }).toEqual({ ...reference, rest: null });
        expect(Buffer.from(second.rest).equals(REQUEST)).toBe(true);
      }
      const parser = new ProxyHeaderParser();
      let result: ProxyParseResult | typeof MORE = MORE;
      for (let i = 0; i < v.bytes.length; i++) {
        expect(result).toBe(MORE);
        result = parser.feed(v.bytes.subarray(i, i + 1));
      }
      expect(result).not.toBe(MORE);
      expect((result as ProxyParseResult).rest.length).toBe(0);
    });
  }

  it('a finished parser refuses more bytes', () => {
    const parser = new ProxyHeaderParser();
    parser.feed(proxyV2Local());
    expect(() => parser.feed(REQUEST)).toThrow(/already read/);
  });

  it('TLV values are copies, not views of the input', () => {
    const bytes = proxyV2('1.2.3.4', '5.6.7.8', 1, 2, [tlv(0x01, 'h2')]);
    const result = parseProxyHeader(bytes) as ProxyParseResult;
    bytes.fill(0);
    expect(Buffer.from(result.tlvs[0]!.value).toString()).toBe('h2');
  });

  it('accepts TLVs up to maxTlvBytes exactly', () => {
    const tlvs = [tlv(0xee, Buffer.alloc(97))]; // 100 bytes with its header
    expect(parseProxyHeader(proxyV2('1.2.3.4', '5.6.7.8', 1, 2, tlvs), { maxTlvBytes: 100 })).not.toBe(MORE);
  });

  it('rejects a bad maxTlvBytes', () => {
    expect(() => new ProxyHeaderParser({ maxTlvBytes: -1 })).toThrow(RangeError);
    expect(() => new ProxyHeaderParser({ maxTlvBytes: 1.5 })).toThrow(RangeError);
  });
});
