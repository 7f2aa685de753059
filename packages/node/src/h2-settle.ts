/**
 * @module HTTP/2 ports whose response ended, settled together at the end of the turn.
 *
 * Most responses' last write completes within the turn they end in (nghttp2 takes the bytes as the session writes),
 * so a port is settled then, and the send timer is armed only for those still unfinished: a timer (and its
 * listeners) per response was ~3% of the h2c hello profile.
 */

/** What is settled at the end of the turn (an `H2Port`). */
export interface Settling {
  /** Settles now if the last write has completed, or else waits for it under the send timer. */
  settleOrWait(): void;
}

let ended: Settling[] = [];
let scheduled = false;

function settleAll(): void {
  scheduled = false;
  const ports = ended;
  ended = [];
  for (let i = 0; i < ports.length; i++) ports[i]!.settleOrWait();
}

/** `port.settleOrWait()` once this turn of the event loop is over. */
export function settleAfterTurn(port: Settling): void {
  ended.push(port);
  if (!scheduled) {
    scheduled = true;
    setImmediate(settleAll);
  }
}
