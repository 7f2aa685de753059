/**
 * @module The text header, version 1 (proxy-protocol.txt §2.1): `PROXY TCP4|TCP6 src dst sport dport\r\n` or
 * `PROXY UNKNOWN ...\r\n`, at most 107 bytes. Parsed strictly: single spaces, decimal ports without leading zeros,
 * addresses of the family named; anything else could be a confused or malicious peer.
 */
import { formatIPv6, isDecimal, isStrictIPv4, parseIPv6 } from './address.js';
import { ProxyProtocolError } from './errors.js';
import type { ProxyHeader } from './header.js';

/** §2.1: "a receiver ... must not try to parse beyond 107 characters" (the worst case, TCP6, with CRLF). */
export const V1_MAX_BYTES = 107;
/** The text every v1 header starts with. */
export const V1_PREFIX = 'PROXY ';

const CR = 0x0d;
const LF = 0x0a;

/**
 * Where the v1 line in `bytes[0..length)` ends (the index after its LF), or -1 when it has not ended yet.
 * Throws when it can no longer be a valid line: a bare LF, a CR not followed by LF, or no CRLF within 107 bytes.
 */
export function findV1End(bytes: Uint8Array, length: number): number {
  const n = Math.min(length, V1_MAX_BYTES);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === LF) throw new ProxyProtocolError('PROXY_BAD_V1', 'PROXY v1: LF without CR');
    if (b !== CR) continue;
    if (i + 2 > V1_MAX_BYTES) break; // the LF would be byte 108
    if (i + 1 >= length) return -1;
    if (bytes[i + 1] !== LF) throw new ProxyProtocolError('PROXY_BAD_V1', 'PROXY v1: CR not followed by LF');
    return i + 2;
  }
  if (length >= V1_MAX_BYTES) throw new ProxyProtocolError('PROXY_TOO_LONG', `PROXY v1: no CRLF within ${V1_MAX_BYTES} bytes`);
  return -1;
}

/** Parses the complete v1 line `bytes[0..end)` (CRLF included). */
export function parseV1(bytes: Uint8Array, end: number): ProxyHeader {
  let line = '';
  for (let i = 0; i < end - 2; i++) line += String.fromCharCode(bytes[i]!);
  const bad = (why: string): ProxyProtocolError => new ProxyProtocolError('PROXY_BAD_V1', `PROXY v1: ${why}`);
  if (!line.startsWith(V1_PREFIX)) throw bad('does not start with "PROXY "');
  // §2.1: with UNKNOWN the receiver must ignore everything after it up to the CRLF.
  if (line === 'PROXY UNKNOWN' || line.startsWith('PROXY UNKNOWN ')) {
    return { version: 1, command: 'PROXY', family: 'unspec', source: null, destination: null, tlvs: [], consumed: end };
  }
  const fields = line.split(' ');
  if (fields.length !== 6) throw bad('expected "PROXY TCP4|TCP6 src dst sport dport" with single spaces');
  const [, protocol, src, dst, sport, dport] = fields as [string, string, string, string, string, string];
  let source: string;
  let destination: string;
  if (protocol === 'TCP4') {
    if (!isStrictIPv4(src) || !isStrictIPv4(dst)) throw bad('TCP4 addresses must be dotted-quad IPv4');
    source = src;
    destination = dst;
  } else if (protocol === 'TCP6') {
    const s = parseIPv6(src);
    const d = parseIPv6(dst);
    if (s === null || d === null) throw bad('TCP6 addresses must be IPv6');
    source = formatIPv6(s);
    destination = formatIPv6(d);
  } else {
    throw bad(`unknown protocol ${JSON.stringify(protocol)}`);
  }
  return {
    version: 1,
    command: 'PROXY',
    family: protocol === 'TCP4' ? 'inet' : 'inet6',
    source: [source, port(sport, bad)],
    destination: [destination, port(dport, bad)],
    tlvs: [],
    consumed: end,
  };
}

/** §2.1: a port is 0..65535 in decimal, without leading zeros. */
function port(text: string, bad: (why: string) => ProxyProtocolError): number {
  if (!isDecimal(text, 5)) throw bad(`bad port ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value > 65535) throw bad(`port ${value} out of range`);
  return value;
}
