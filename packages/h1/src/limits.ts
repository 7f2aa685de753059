/**
 * @module limits
 * Size limits applied while parsing, their defaults, and the status each one maps to.
 */

/** Parser limits. Every field has a default in {@link DEFAULT_H1_LIMITS}. */
export interface H1Limits {
  /** Request line (or, in the client role, status line) bytes without CRLF; over it -> 414. Default 8192. */
  maxRequestLineBytes: number;
  /** All header lines together, each counted with its CRLF; over it -> 431. Default 16384. */
  maxHeaderBytes: number;
  /** Header field count (also applied to trailers); over it -> 431. Default 100. */
  maxHeaderCount: number;
  /** Body bytes: a Content-Length above it -> 413 at once; a chunked total above it -> 413. Default 1 GiB. */
  maxBodyBytes: number;
  /** Bytes of the chunk extensions of one chunk-size line; over it -> 400. Default 1024. */
  maxChunkExtensionBytes: number;
  /** All trailer lines together, each counted with its CRLF; over it -> 431. Default 16384. */
  maxTrailerBytes: number;
}

/** The default limits. Frozen. */
export const DEFAULT_H1_LIMITS: Readonly<H1Limits> = Object.freeze({
  maxRequestLineBytes: 8192,
  maxHeaderBytes: 16384,
  maxHeaderCount: 100,
  maxBodyBytes: 1073741824,
  maxChunkExtensionBytes: 1024,
  maxTrailerBytes: 16384,
});

/**
 * Resolved limits by the object they were resolved from: a server passes the same options object for every
 * connection, and a copy per connection was 56 bytes of every idle one. Weak, so options objects can go.
 */
const resolved = new WeakMap<Partial<H1Limits>, Readonly<H1Limits>>();

/**
 * Fills the missing fields of `partial` from {@link DEFAULT_H1_LIMITS}; rejects negative or non-integer values.
 * The result is frozen and shared by every call with the same `partial` object (resolved the first time: change
 * limits by passing a new object).
 */
export function resolveLimits(partial?: Partial<H1Limits>): Readonly<H1Limits> {
  if (partial === undefined) return DEFAULT_H1_LIMITS;
  const known = resolved.get(partial);
  if (known !== undefined) return known;
  const out = resolveUncached(partial);
  resolved.set(partial, out);
  return out;
}

function resolveUncached(partial: Partial<H1Limits>): Readonly<H1Limits> {
  const out: H1Limits = { ...DEFAULT_H1_LIMITS };
  for (const key of Object.keys(DEFAULT_H1_LIMITS) as (keyof H1Limits)[]) {
    const v = partial[key];
    if (v === undefined) continue;
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`H1Limits.${key} must be a non-negative integer`);
    out[key] = v;
  }
  return Object.freeze(out);
}
