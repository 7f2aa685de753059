/**
 * @module flow
 * Flow-control windows (RFC 9113 §5.2, §6.9). The send side is a signed number the peer raises with
 * WINDOW_UPDATE; the receive side is an {@link InboundWindow} that gives credit back only for bytes the
 * application has acknowledged, so a receiver never buffers more than it advertised.
 */
import { MAX_WINDOW_SIZE } from './settings.js';

/**
 * `window + increment`, or `null` when that exceeds 2^31-1: "A sender MUST NOT allow a flow-control window to
 * exceed 2^31-1 octets" and a receiver of such an update treats it as a FLOW_CONTROL_ERROR (RFC 9113 §6.9.1).
 */
export function addToWindow(window: number, increment: number): number | null {
  const next = window + increment;
  return next > MAX_WINDOW_SIZE ? null : next;
}

/**
 * Our receive window for one stream or for the connection: octets the peer may still send (`available`), octets
 * received but not yet acknowledged by the application (`unacked`), and octets acknowledged but not yet returned
 * with WINDOW_UPDATE (`owed`).
 */
export class InboundWindow {
  /** Octets the peer may still send: what we advertised minus what it sent (starts at `size`). */
  available: number;
  /** Octets received that the application has not acknowledged yet (it may still be buffering them). */
  unacked = 0;
  /** Octets acknowledged but not yet returned with WINDOW_UPDATE (coalesced until at least half of `size`). */
  owed = 0;
  /** The window size we aim for; WINDOW_UPDATE is sent once at least half of it is owed. */
  size: number;

  /** @param size the window we advertised. */
  constructor(size: number) {
    this.available = size;
    this.size = size;
  }

  /** Records `n` flow-controlled octets received. Returns `false` (and records nothing) if they exceed the window. */
  consume(n: number): boolean {
    if (n > this.available) return false;
    this.available -= n;
    this.unacked += n;
    return true;
  }

  /**
   * Marks up to `n` received octets as consumed by the application (never more than were received and not yet
   * acknowledged). Returns the WINDOW_UPDATE increment to send now (0 while under half a window is owed, or when
   * `force` is not set and nothing is owed).
   */
  acknowledge(n: number, force = false): number {
    const take = Math.min(n, this.unacked);
    this.unacked -= take;
    this.owed += take;
    if (this.owed === 0 || (!force && this.owed < this.size / 2)) return 0;
    const increment = this.owed;
    this.owed = 0;
    this.available += increment;
    return increment;
  }

  /** Shifts the window by `delta` after a change of our SETTINGS_INITIAL_WINDOW_SIZE is acknowledged (§6.9.2). */
  resize(delta: number): void {
    this.available += delta;
    this.size += delta;
  }
}
