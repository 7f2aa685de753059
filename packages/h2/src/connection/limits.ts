/**
 * @module connection/limits
 * Denial-of-service limits (see docs of each field for the attack and the default's
 * source) and the token bucket that rate-limits without timers, refilled from the `nowMs` given to receiveData.
 */
import { H2LocalError } from '../errors.js';
import { DEFAULT_WINDOW_SIZE, MAX_WINDOW_SIZE } from '../settings.js';

/** Denial-of-service limits. Every field has a default in {@link DEFAULT_LIMITS}; `Infinity` disables a rate limit. */
export interface H2Limits {
  /** Our connection receive window, raised from 65535 by a WINDOW_UPDATE at start. Default 1 MiB. */
  connectionWindowSize: number;
  /** CONTINUATION frames allowed in one field block (CVE-2023-45288 and kin; nghttp2's default). Default 8. */
  maxContinuationFrames: number;
  /** Field block octets allowed before END_HEADERS (CONTINUATION flood). Default 131072. */
  maxHeaderBlockBytes: number;
  /**
   * Rapid reset (CVE-2023-44487): streams the peer opens and then resets, as a token bucket of this burst refilled
   * at `maxResetsPerWindow / resetWindowMs` (default 1000 per 30 s, i.e. nghttp2's burst 1000 at ~33/s).
   */
  maxResetsPerWindow: number;
  /** Refill period of the reset buckets, in ms. Default 30000. */
  resetWindowMs: number;
  /** MadeYouReset (CVE-2025-8671): RST_STREAMs the peer provokes us into sending; bucket like the above. Default 1000. */
  maxServerResetsPerWindow: number;
  /** Streams refused past maxConcurrentStreams over the connection's life (Node's maxSessionRejectedStreams). Default 100. */
  maxRejectedStreams: number;
  /** Refill period of the flood buckets below, in ms. Default 10000. */
  floodWindowMs: number;
  /** SETTINGS frames per floodWindowMs (2019 "settings flood", CVE-2019-9515). Default 100. */
  maxSettingsPerWindow: number;
  /** PING frames per floodWindowMs (CVE-2019-9512). Default 100. */
  maxPingsPerWindow: number;
  /** DATA frames without content or END_STREAM per floodWindowMs (CVE-2019-9518). Default 100. */
  maxEmptyDataFramesPerWindow: number;
  /** Control frames queued but not yet taken by dataToSend() (Go's maxQueuedControlFrames). Default 10000. */
  maxControlFramesQueued: number;
  /** Control-frame octets queued but not yet taken by dataToSend(). Default 262144. */
  maxBufferedOutboundBytes: number;
  /**
   * Most closed streams remembered to answer late frames per §5.1 (older ones get the generic rules); past it the
   * oldest are forgotten in batches of a sixteenth of it (at most 64). Default 1024.
   */
  maxClosedStreamsRemembered: number;
}

/** The default limits. Frozen. */
export const DEFAULT_LIMITS: Readonly<H2Limits> = Object.freeze({
  connectionWindowSize: 1048576,
  maxContinuationFrames: 8,
  maxHeaderBlockBytes: 131072,
  maxResetsPerWindow: 1000,
  resetWindowMs: 30000,
  maxServerResetsPerWindow: 1000,
  maxRejectedStreams: 100,
  floodWindowMs: 10000,
  maxSettingsPerWindow: 100,
  maxPingsPerWindow: 100,
  maxEmptyDataFramesPerWindow: 100,
  maxControlFramesQueued: 10000,
  maxBufferedOutboundBytes: 262144,
  maxClosedStreamsRemembered: 1024,
});

/** Fills `partial` from {@link DEFAULT_LIMITS}; throws {@link H2LocalError} for negative or non-numeric values. */
export function resolveLimits(partial?: Partial<H2Limits>): H2Limits {
  const out: H2Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof H2Limits)[]) {
    const v = partial?.[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || Number.isNaN(v) || v < 0 || (!Number.isInteger(v) && v !== Infinity)) {
      throw new H2LocalError('H2_LOCAL_INVALID_OPTION', `limits.${key} must be a non-negative integer or Infinity`);
    }
    out[key] = v;
  }
  const w = out.connectionWindowSize;
  if (w < DEFAULT_WINDOW_SIZE || w > MAX_WINDOW_SIZE) {
    throw new H2LocalError('H2_LOCAL_INVALID_OPTION', `limits.connectionWindowSize must be in [65535, 2^31-1]`);
  }
  return out;
}

/**
 * A token bucket: holds up to `capacity` tokens, refilled continuously at `capacity / windowMs` per millisecond of
 * the caller's clock. No timers: time only moves when `take(nowMs)` is called with a later `nowMs`.
 */
export class TokenBucket {
  /** Burst size: the most tokens the bucket holds (it starts full); `Infinity` means no limit. */
  readonly capacity: number;
  /** Time to refill from empty to full, in milliseconds of the caller's clock. */
  readonly windowMs: number;
  #tokens: number;
  #last: number | undefined;

  /** @param capacity burst size; @param windowMs time to refill from empty to full. */
  constructor(capacity: number, windowMs: number) {
    this.capacity = capacity;
    this.windowMs = windowMs;
    this.#tokens = capacity;
  }

  /** Tokens left (after the last refill). */
  get tokens(): number {
    return this.#tokens;
  }

  /** Refills for the time since the last call, then takes one token. Returns `false` when the bucket was empty. */
  take(nowMs: number): boolean {
    if (this.capacity === Infinity) return true;
    if (this.#last !== undefined && nowMs > this.#last && this.windowMs > 0) {
      this.#tokens = Math.min(this.capacity, this.#tokens + ((nowMs - this.#last) * this.capacity) / this.windowMs);
    }
    if (this.#last === undefined || nowMs > this.#last) this.#last = nowMs;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
