/** @module What the listener needs from a protocol session (HTTP/1.x or HTTP/2) on one connection. */

/** One connection's protocol driver. */
export interface Session {
  /** When the session's current timer runs out (ms since the epoch); the listener's sweeper checks it. */
  readonly deadline: number;
  /** The deadline has passed. */
  onDeadline(): void;
  /** Graceful shutdown: close when idle, or once the requests in flight are answered. */
  shutdown(): void;
}
