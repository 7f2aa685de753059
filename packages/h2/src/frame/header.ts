/**
 * @module frame/header
 * The 9-octet frame header (RFC 9113 §4.1), read and written with plain byte operations.
 */
import type { FrameHeader } from './types.js';

/**
 * Reads the frame header at `offset` of `buf` (at least 9 octets available) into `out`, without allocating.
 * The reserved bit of the stream identifier "MUST remain unset when sending and MUST be ignored when receiving"
 * (RFC 9113 §4.1), so it is masked off.
 */
export function readFrameHeader(buf: Uint8Array, offset: number, out: FrameHeader): FrameHeader {
  out.length = (buf[offset]! << 16) | (buf[offset + 1]! << 8) | buf[offset + 2]!;
  out.type = buf[offset + 3]!;
  out.flags = buf[offset + 4]!;
  out.streamId = readUint31(buf, offset + 5);
  return out;
}

/** Writes a frame header at `offset` of `buf`. */
export function writeFrameHeader(
  buf: Uint8Array,
  offset: number,
  length: number,
  type: number,
  flags: number,
  streamId: number,
): void {
  buf[offset] = (length >>> 16) & 0xff;
  buf[offset + 1] = (length >>> 8) & 0xff;
  buf[offset + 2] = length & 0xff;
  buf[offset + 3] = type;
  buf[offset + 4] = flags;
  writeUint32(buf, offset + 5, streamId & 0x7fffffff);
}

/** Big-endian 32-bit unsigned integer at `offset`. */
export function readUint32(buf: Uint8Array, offset: number): number {
  return ((buf[offset]! << 24) | (buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!) >>> 0;
}

/** Big-endian 31-bit value at `offset`, the top (reserved/flag) bit dropped. */
export function readUint31(buf: Uint8Array, offset: number): number {
  return ((buf[offset]! & 0x7f) << 24) | (buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!;
}

/** Writes a big-endian 32-bit unsigned integer at `offset`. */
export function writeUint32(buf: Uint8Array, offset: number, value: number): void {
  buf[offset] = (value >>> 24) & 0xff;
  buf[offset + 1] = (value >>> 16) & 0xff;
  buf[offset + 2] = (value >>> 8) & 0xff;
  buf[offset + 3] = value & 0xff;
}
