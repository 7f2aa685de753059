/**
 * @module The binary header, version 2 (proxy-protocol.txt §2.2): a 12-byte signature, a version/command byte, a
 * family/transport byte, a 16-bit length, then the address block and TLVs.
 */
import { formatIPv4, formatIPv6, ipv6Words } from './address.js';
import { ProxyProtocolError } from './errors.js';
import type { ProxyAddress, ProxyFamily, ProxyHeader, ProxyTlv } from './header.js';

/** §2.2: the signature, chosen so that it cannot start any valid HTTP or SSL/TLS exchange. */
export const V2_SIGNATURE = Uint8Array.of(0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a);
/** Signature, version/command, family/transport, length. */
export const V2_FIXED_BYTES = 16;
/** §2.2: the address block sizes of AF_INET, AF_INET6 and AF_UNIX. */
const ADDRESS_BYTES = { inet: 12, inet6: 36, unix: 216, unspec: 0 } as const;
/** The largest address block (AF_UNIX). */
export const V2_MAX_ADDRESS_BYTES = ADDRESS_BYTES.unix;
const FAMILIES: readonly ProxyFamily[] = ['unspec', 'inet', 'inet6', 'unix'];

const bad = (why: string): ProxyProtocolError => new ProxyProtocolError('PROXY_BAD_V2', `PROXY v2: ${why}`);
const unsupported = (why: string): ProxyProtocolError => new ProxyProtocolError('PROXY_UNSUPPORTED', `PROXY v2: ${why}`);

/**
 * Checks the 16 fixed bytes (signature already matched) and returns the whole header's length. Rejects before the
 * rest arrives when the version, command, family or transport is wrong, or the TLVs would exceed `maxTlvBytes`.
 */
export function v2HeaderLength(bytes: Uint8Array, maxTlvBytes: number): number {
  const versionCommand = bytes[12]!;
  // §2.2: the version nibble must be 2; other versions must be rejected. Commands other than LOCAL (0) and
  // PROXY (1) are unassigned: "receivers must drop connections presenting unexpected values here".
  if (versionCommand >> 4 !== 2) throw unsupported(`version ${versionCommand >> 4}`);
  const command = versionCommand & 0x0f;
  if (command > 1) throw unsupported(`command ${command}`);
  const length = (bytes[14]! << 8) | bytes[15]!;
  if (command === 0) {
    // LOCAL: family and addresses are to be ignored, so only the size is bounded.
    if (length > V2_MAX_ADDRESS_BYTES + maxTlvBytes) throw tooLong(length, maxTlvBytes);
    return V2_FIXED_BYTES + length;
  }
  const family = familyOf(bytes[13]!);
  const needed = ADDRESS_BYTES[family];
  // §2.2: "the receiver must ensure that the length is at least the size of the address block".
  if (length < needed) throw bad(`length ${length} is shorter than the ${family} address block (${needed})`);
  if (length - needed > maxTlvBytes) throw tooLong(length - needed, maxTlvBytes);
  return V2_FIXED_BYTES + length;
}

function tooLong(tlvBytes: number, maxTlvBytes: number): ProxyProtocolError {
  return new ProxyProtocolError('PROXY_TOO_LONG', `PROXY v2: ${tlvBytes} bytes after the addresses, limit ${maxTlvBytes}`);
}

/** §2.2 byte 14: the high nibble is the address family, the low one the transport. */
function familyOf(byte: number): ProxyFamily {
  const family = FAMILIES[byte >> 4];
  const transport = byte & 0x0f;
  // "Other values are unspecified and must not be emitted ... and must be rejected as invalid by receivers."
  // Valid: 0x00 (UNSPEC), then 0x11/0x12, 0x21/0x22, 0x31/0x32 (stream/datagram over INET, INET6, UNIX).
  const valid = family === 'unspec' ? transport === 0 : transport === 1 || transport === 2;
  if (family === undefined || !valid) throw bad(`unknown family/transport byte 0x${byte.toString(16).padStart(2, '0')}`);
  if (transport === 2) throw unsupported('datagram (UDP) transport on a stream listener');
  return family;
}

/** Parses the complete header `bytes[0..end)` whose length {@link v2HeaderLength} returned. */
export function parseV2(bytes: Uint8Array, end: number): ProxyHeader {
  if ((bytes[12]! & 0x0f) === 0) {
    // §2.2 LOCAL: "the receiver must accept this connection as valid and must use the real connection endpoints
    // and discard the protocol block including the family which is ignored".
    return { version: 2, command: 'LOCAL', family: 'unspec', source: null, destination: null, tlvs: [], consumed: end };
  }
  const family = familyOf(bytes[13]!);
  const at = V2_FIXED_BYTES;
  let source: ProxyAddress | null = null;
  let destination: ProxyAddress | null = null;
  if (family === 'inet') {
    source = [formatIPv4(bytes, at), port(bytes, at + 8)];
    destination = [formatIPv4(bytes, at + 4), port(bytes, at + 10)];
  } else if (family === 'inet6') {
    source = [formatIPv6(ipv6Words(bytes, at)), port(bytes, at + 32)];
    destination = [formatIPv6(ipv6Words(bytes, at + 16)), port(bytes, at + 34)];
  } else if (family === 'unix') {
    source = [unixPath(bytes, at), null];
    destination = [unixPath(bytes, at + 108), null];
  } // AF_UNSPEC: §2.2 "the receiver should ignore address information"
  const tlvs = parseTlvs(bytes, at + ADDRESS_BYTES[family], end);
  return { version: 2, command: 'PROXY', family, source, destination, tlvs, consumed: end };
}

function port(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

/** A 108-byte sun_path field: the bytes up to the first NUL, as UTF-8 (what Node reports for paths). */
function unixPath(bytes: Uint8Array, at: number): string {
  let end = at;
  while (end < at + 108 && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(at, end));
}

/** §2.2.1: type (1 byte), length (2 bytes), value; each must fit in what the header's length announced. */
function parseTlvs(bytes: Uint8Array, from: number, end: number): ProxyTlv[] {
  const tlvs: ProxyTlv[] = [];
  let at = from;
  while (at < end) {
    if (end - at < 3) throw bad('truncated TLV header');
    const length = (bytes[at + 1]! << 8) | bytes[at + 2]!;
    if (at + 3 + length > end) throw bad(`TLV of type 0x${bytes[at]!.toString(16)} overruns the header`);
    const value = new Uint8Array(length); // a copy: `bytes` may be a socket's buffer (and Buffer#slice is a view)
    value.set(bytes.subarray(at + 3, at + 3 + length));
    tlvs.push({ type: bytes[at]!, value });
    at += 3 + length;
  }
  return tlvs;
}
