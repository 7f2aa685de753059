import { describe, expect, it } from 'vitest';
import { MORE, ProxyHeaderParser, ProxyProtocolError, type ProxyProtocolErrorCode } from '../src/index.js';
import { ipv6Bytes, proxyV1, proxyV2, proxyV2Raw, SIG, tlv } from './build.js';

const text = (s: string): Buffer => Buffer.from(s, 'latin1');
const inet = (extra: Buffer[] = []): Buffer => Buffer.concat([Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 0, 2]), ...extra]);

/** Malformed, missing, too long or unsupported headers, each with the code it must be rejected with. */
const MALFORMED: [name: string, bytes: Buffer, code: ProxyProtocolErrorCode][] = [
  ['an HTTP/1.1 request instead of a header', text('GET / HTTP/1.1\r\n\r\n'), 'PROXY_BAD_SIGNATURE'],
  ['the HTTP/2 preface instead of a header', text('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 'PROXY_BAD_SIGNATURE'],
  ['a TLS ClientHello instead of a header', Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]), 'PROXY_BAD_SIGNATURE'],
  ['lower-case "proxy"', text('proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n'), 'PROXY_BAD_SIGNATURE'],
  ['"PROXY" without its space', text('PROXYTCP4 1.2.3.4 5.6.7.8 1 2\r\n'), 'PROXY_BAD_SIGNATURE'],
  ['v2 signature with one byte wrong', Buffer.concat([SIG.subarray(0, 11), Buffer.from([0x0b]), Buffer.alloc(8)]), 'PROXY_BAD_SIGNATURE'],
  ['v1 unknown protocol', text('PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 protocol missing', text('PROXY \r\n'), 'PROXY_BAD_V1'],
  ['v1 two spaces', text('PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 trailing space', text('PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n'), 'PROXY_BAD_V1'],
  ['v1 tab for a space', text('PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 a field missing', text('PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n'), 'PROXY_BAD_V1'],
  ['v1 an extra field', text('PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n'), 'PROXY_BAD_V1'],
  ['v1 bare LF', text('PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n'), 'PROXY_BAD_V1'],
  ['v1 CR without LF', text('PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX'), 'PROXY_BAD_V1'],
  ['v1 port above 65535', proxyV1('TCP4', '1.2.3.4', '5.6.7.8', 65536, 80), 'PROXY_BAD_V1'],
  ['v1 port with a leading zero', text('PROXY TCP4 1.2.3.4 5.6.7.8 080 80\r\n'), 'PROXY_BAD_V1'],
  ['v1 negative port', text('PROXY TCP4 1.2.3.4 5.6.7.8 -1 80\r\n'), 'PROXY_BAD_V1'],
  ['v1 hex port', text('PROXY TCP4 1.2.3.4 5.6.7.8 0x50 80\r\n'), 'PROXY_BAD_V1'],
  ['v1 empty port', text('PROXY TCP4 1.2.3.4 5.6.7.8  80\r\n'), 'PROXY_BAD_V1'],
  ['v1 IPv4 octet above 255', text('PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 IPv4 octet with a leading zero', text('PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 IPv4 with three octets', text('PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 TCP4 with an IPv6 address', text('PROXY TCP4 ::1 5.6.7.8 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 TCP6 with an IPv4 address', text('PROXY TCP6 1.2.3.4 ::1 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 TCP6 with two "::"', text('PROXY TCP6 1::2::3 ::1 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 TCP6 with a five-digit group', text('PROXY TCP6 12345::1 ::1 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 TCP6 with nine groups', text('PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 TCP6 with a zone id', text('PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 TCP6 "::" standing for no group', text('PROXY TCP6 1:2:3:4::5:6:7:8 ::1 1 2\r\n'), 'PROXY_BAD_V1'],
  ['v1 UNKNOWN glued to more text', text('PROXY UNKNOWNX\r\n'), 'PROXY_BAD_V1'],
  ['v1 no CRLF within 107 bytes', text(`PROXY UNKNOWN ${'x'.repeat(93)}`), 'PROXY_TOO_LONG'],
  ['v1 CRLF only at bytes 107 and 108', text(`PROXY UNKNOWN ${'x'.repeat(92)}\r\n`), 'PROXY_TOO_LONG'],
  ['v2 version 1 in the version nibble', proxyV2Raw(0x11, 0x11, inet()), 'PROXY_UNSUPPORTED'],
  ['v2 version 3', proxyV2Raw(0x31, 0x11, inet()), 'PROXY_UNSUPPORTED'],
  ['v2 command 2', proxyV2Raw(0x22, 0x11, inet()), 'PROXY_UNSUPPORTED'],
  ['v2 UDP over IPv4', proxyV2Raw(0x21, 0x12, inet()), 'PROXY_UNSUPPORTED'],
  ['v2 UDP over IPv6', proxyV2Raw(0x21, 0x22, Buffer.alloc(36)), 'PROXY_UNSUPPORTED'],
  ['v2 family 4', proxyV2Raw(0x21, 0x41, inet()), 'PROXY_BAD_V2'],
  ['v2 transport 3', proxyV2Raw(0x21, 0x13, inet()), 'PROXY_BAD_V2'],
  ['v2 IPv4 with an unspecified transport (0x10)', proxyV2Raw(0x21, 0x10, inet()), 'PROXY_BAD_V2'],
  ['v2 UNSPEC family with a stream transport (0x01)', proxyV2Raw(0x21, 0x01, Buffer.alloc(0)), 'PROXY_BAD_V2'],
  ['v2 IPv4 with a length shorter than its address block', proxyV2Raw(0x21, 0x11, Buffer.alloc(11)), 'PROXY_BAD_V2'],
  ['v2 IPv6 with the IPv4 block length', proxyV2Raw(0x21, 0x21, inet()), 'PROXY_BAD_V2'],
  ['v2 UNIX with a short block', proxyV2Raw(0x21, 0x31, Buffer.alloc(215)), 'PROXY_BAD_V2'],
  ['v2 TLV overrunning the header', proxyV2Raw(0x21, 0x11, inet([Buffer.from([0x01, 0x00, 0x05, 0x68, 0x32])])), 'PROXY_BAD_V2'],
  ['v2 truncated TLV header', proxyV2Raw(0x21, 0x11, inet([Buffer.from([0x01, 0x00])])), 'PROXY_BAD_V2'],
  ['v2 TLVs over the 1 KiB default', proxyV2('1.2.3.4', '5.6.7.8', 1, 2, [tlv(0xee, Buffer.alloc(1022))]), 'PROXY_TOO_LONG'],
  ['v2 length 65535', proxyV2Raw(0x21, 0x11, Buffer.alloc(0), 65535), 'PROXY_TOO_LONG'],
  ['v2 LOCAL with a length over the limit', proxyV2Raw(0x20, 0x00, Buffer.alloc(0), 216 + 1025), 'PROXY_TOO_LONG'],
];

/** Feeds `bytes` one byte at a time; returns the error code, or `'none'`/`'more'` if none was thrown. */
function codeOf(bytes: Uint8Array, byteByByte: boolean): string {
  const parser = new ProxyHeaderParser();
  try {
    if (!byteByByte) return parser.feed(bytes) === MORE ? 'more' : 'none';
    for (let i = 0; i < bytes.length; i++) if (parser.feed(bytes.subarray(i, i + 1)) !== MORE) return 'none';
    return 'more';
  } catch (error) {
    if (!(error instanceof ProxyProtocolError)) throw error;
    return error.code;
  }
}

describe('malformed headers', () => {
  it('the table has at least 30 vectors', () => expect(MALFORMED.length).toBeGreaterThanOrEqual(30));

  for (const [name, bytes, code] of MALFORMED) {
    it(`${name} -> ${code}, whole and byte by byte`, () => {
      expect(codeOf(bytes, false)).toBe(code);
      expect(codeOf(bytes, true)).toBe(code);
    });
  }

  it('a wrong signature is refused at its first wrong byte, not after a whole header', () => {
    const parser = new ProxyHeaderParser();
    expect(() => parser.feed(text('G'))).toThrow(ProxyProtocolError);
    const v2 = new ProxyHeaderParser();
    expect(v2.feed(SIG.subarray(0, 5))).toBe(MORE);
    expect(() => v2.feed(Buffer.from([0x00]))).toThrow(/does not start/);
  });

  it('oversized v2 TLVs are refused once the length arrives, before the bytes do', () => {
    const parser = new ProxyHeaderParser({ maxTlvBytes: 10 });
    const head = proxyV2('1.2.3.4', '5.6.7.8', 1, 2, [tlv(0xee, Buffer.alloc(20))]).subarray(0, 16);
    expect(() => parser.feed(head)).toThrow(expect.objectContaining({ code: 'PROXY_TOO_LONG' }));
  });

  it('an error finishes the parser', () => {
    const parser = new ProxyHeaderParser();
    expect(() => parser.feed(text('X'))).toThrow(ProxyProtocolError);
    expect(() => parser.feed(proxyV1('TCP4', '1.2.3.4', '5.6.7.8', 1, 2))).toThrow(/already read/);
  });

  it('errors are typed with a name and the stable code', () => {
    try {
      new ProxyHeaderParser().feed(text('PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ProxyProtocolError);
      expect((error as ProxyProtocolError).name).toBe('ProxyProtocolError');
      expect((error as ProxyProtocolError).code).toBe('PROXY_BAD_V1');
    }
  });

  it('(builder self-check) ipv6Bytes writes network order', () => {
    expect(ipv6Bytes('::1').at(15)).toBe(1);
  });
});
