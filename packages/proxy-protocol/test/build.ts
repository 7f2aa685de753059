/**
 * @module Builders of PROXY protocol headers for tests (this package's and both servers'), written from the spec's
 * byte layout independently of the parser.
 */
import { isIPv4 } from 'node:net';

/** The v2 signature (proxy-protocol.txt §2.2). */
export const SIG = Buffer.from([0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a]);

/** A v1 line, e.g. `proxyV1('TCP4', '1.2.3.4', '5.6.7.8', 1000, 80)`. */
export function proxyV1(protocol: 'TCP4' | 'TCP6', src: string, dst: string, sport: number, dport: number): Buffer {
  return Buffer.from(`PROXY ${protocol} ${src} ${dst} ${sport} ${dport}\r\n`, 'latin1');
}

/** 16 bytes of an IPv6 address (full or `::`-compressed hex, no dotted quad). */
export function ipv6Bytes(text: string): Buffer {
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const words = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(parseInt(w, 16), i * 2));
  return out;
}

/** One TLV: type, 16-bit length, value. */
export function tlv(type: number, value: Uint8Array | string): Buffer {
  const v = typeof value === 'string' ? Buffer.from(value, 'latin1') : Buffer.from(value);
  const head = Buffer.alloc(3);
  head[0] = type;
  head.writeUInt16BE(v.length, 1);
  return Buffer.concat([head, v]);
}

/** A v2 header with raw fields: version/command byte, family/transport byte, and the block after the length. */
export function proxyV2Raw(versionCommand: number, familyTransport: number, block: Uint8Array, length = block.length): Buffer {
  const head = Buffer.alloc(4);
  head[0] = versionCommand;
  head[1] = familyTransport;
  head.writeUInt16BE(length, 2);
  return Buffer.concat([SIG, head, block]);
}

/** A v2 PROXY header over TCP for the given addresses (IPv4 or IPv6 by their form), with optional TLVs. */
export function proxyV2(src: string, dst: string, sport: number, dport: number, tlvs: Buffer[] = []): Buffer {
  const v4 = isIPv4(src);
  const addr = v4 ? (a: string) => Buffer.from(a.split('.').map(Number)) : ipv6Bytes;
  const ports = Buffer.alloc(4);
  ports.writeUInt16BE(sport, 0);
  ports.writeUInt16BE(dport, 2);
  return proxyV2Raw(0x21, v4 ? 0x11 : 0x21, Buffer.concat([addr(src), addr(dst), ports, ...tlvs]));
}

/** A v2 PROXY header for Unix socket paths. */
export function proxyV2Unix(src: string, dst: string): Buffer {
  const block = Buffer.alloc(216);
  block.write(src, 0, 'utf8');
  block.write(dst, 108, 'utf8');
  return proxyV2Raw(0x21, 0x31, block);
}

/** A v2 LOCAL header (a health check from the proxy itself). */
export function proxyV2Local(): Buffer {
  return proxyV2Raw(0x20, 0x00, Buffer.alloc(0));
}
