/**
 * @module Runs the write of every connection that held bytes back during this turn of the event loop, at the end
 * of the turn (the check phase after the poll that delivered the requests), all back to back.
 *
 * Why: on loopback under the keep-alive hello load (wrk -c50), the write syscall was ~40% of the server's busy
 * time, because each response woke the sleeping client on the other core. Writing the responses of one poll's
 * batch of requests together wakes it once per batch: 33k -> 47k req/s in the same run, at no extra syscalls
 * (each socket still gets one write). A response made in a later turn waits at most until that turn's check
 * phase. The bytes are held by the connection itself rather than in a corked socket: node's corked buffering and
 * its clearBuffer on uncork were another 3% of the profile.
 */

/** A connection holding bytes for the end of the turn. */
export interface HeldWrites {
  /** Writes what is held now (nothing when it was written already). */
  flushHeld(): void;
}

let queue: HeldWrites[] = [];
let spare: HeldWrites[] = [];
let scheduled = false;

function flushAll(): void {
  scheduled = false;
  const holders = queue;
  queue = spare; // a connection that holds bytes while these are written waits for the next turn
  for (let i = 0; i < holders.length; i++) holders[i]!.flushHeld();
  holders.length = 0;
  spare = holders;
}

/** Calls `holder.flushHeld()` at the end of this turn of the event loop (once per call). */
export function flushAfterTurn(holder: HeldWrites): void {
  queue.push(holder);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flushAll);
  }
}
