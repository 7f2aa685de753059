/** @module Checks on numeric options shared by the encoder and the decoder. */
import { MAX_INTEGER } from './integer.js';

/** The initial SETTINGS_HEADER_TABLE_SIZE of HTTP/2 (RFC 9113 §6.5.2), the default dynamic table size. */
export const DEFAULT_TABLE_SIZE = 4096;

/** Returns `value` (or `fallback` when undefined) after checking it is an integer in [0, 2^31-1]. */
export function sizeOption(what: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 0 || v > MAX_INTEGER) {
    throw new RangeError(`${what} must be an integer from 0 to ${MAX_INTEGER}, got ${String(v)}`);
  }
  return v;
}
