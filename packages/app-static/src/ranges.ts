/** @module Byte ranges (RFC 9110 §14): parsing `Range` and evaluating `If-Range`. */
import { splitList } from './headers.js';
import { parseHttpDate } from './http-date.js';
import { parseEntityTag, strongMatch } from './validators.js';

/** What to do with a request's Range field for a representation of a given size. */
export type RangeDecision =
  /** Send the whole representation with 200: no Range, a malformed one, another unit, or several ranges. */
  | { readonly kind: 'full' }
  /** Send bytes `start`..`end` (inclusive) with 206 (RFC 9110 §15.3.7). */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  /** Answer 416 with `content-range: bytes *\/size` (RFC 9110 §15.5.17). */
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeDecision = { kind: 'full' };
const INT_RANGE = /^(\d+)-(\d*)$/;
const SUFFIX_RANGE = /^-(\d+)$/;

/**
 * Decides how to answer `Range: <value>` for a representation of `size` bytes (RFC 9110 §14.1.2, §14.2).
 *
 * - The unit must be `bytes` (case-insensitive, §14.1); another unit is ignored (§14.2).
 * - A syntactically invalid range set, or an int-range whose last position is below its first, makes the field
 *   invalid, and an invalid Range is ignored (§14.2).
 * - Several ranges are also ignored and the whole file is sent with 200. §14.2 lets a server ignore Range; it
 *   spares a multipart/byteranges body and closes off range-amplification (many small or overlapping ranges
 *   that multiply the work and the output, cf. §14.1.1 on abusive ranges).
 * - One range: 206 when satisfiable, else 416 (§14.1.1: satisfiable when first-pos < size, or a suffix with a
 *   non-zero length). A zero-length file has nothing to slice, so a satisfiable suffix there gets the (empty)
 *   whole file.
 */
export function decideRange(value: string, size: number): RangeDecision {
  const eq = value.indexOf('=');
  if (eq < 0 || value.slice(0, eq).toLowerCase() !== 'bytes') return FULL;
  const specs = splitList(value.slice(eq + 1));
  if (specs.length !== 1) return FULL; // no range at all is invalid; several ranges are ignored on purpose
  const spec = specs[0]!;

  const suffix = SUFFIX_RANGE.exec(spec);
  if (suffix) {
    const length = Number(suffix[1]);
    if (length === 0) return { kind: 'unsatisfiable' };
    if (size === 0) return FULL;
    return { kind: 'partial', start: Math.max(0, size - length), end: size - 1 };
  }
  const int = INT_RANGE.exec(spec);
  if (!int) return FULL;
  const first = Number(int[1]);
  const last = int[2] === '' ? Infinity : Number(int[2]);
  if (last < first) return FULL; // invalid (§14.1.1), so the field is ignored
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start: first, end: Math.min(last, size - 1) };
}

/**
 * Evaluates `If-Range` (RFC 9110 §13.1.5): `true` when the Range may be honoured. An entity-tag must match the
 * current one by strong comparison (a weak tag never does); an HTTP-date must equal the Last-Modified date
 * exactly. Anything else, including an invalid value, is `false`, and the whole representation is sent.
 */
export function ifRangeMatches(value: string, etag: string | undefined, lastModifiedMs: number): boolean {
  const trimmed = value.trim();
  if (trimmed.startsWith('"') || trimmed.startsWith('W/')) {
    const tag = parseEntityTag(trimmed);
    return tag !== undefined && etag !== undefined && strongMatch(tag, etag);
  }
  const date = parseHttpDate(trimmed);
  return date !== undefined && date === Math.floor(lastModifiedMs / 1000) * 1000;
}
