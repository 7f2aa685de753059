/**
 * @module Ends HTTP/1.x responses at the end of the current turn of the event loop (the check phase after the poll
 * that delivered the requests), all of them back to back.
 *
 * Why: under a keep-alive load each response's write syscall woke the client sleeping on the other core, and that
 * wake-up was the largest single cost of the server (as in the reference server, see its turn-flush.ts). Node's
 * `res.end()` uncorks the socket fully, so the socket cannot be held corked across it; the `end()` calls are
 * held instead. Each socket still gets one write; a response finished in a later turn waits at most until that
 * turn's check phase.
 */
import type { ServerResponse } from 'node:http';

let responses: ServerResponse[] = [];
let chunks: Uint8Array[] = [];
let scheduled = false;

function endAll(): void {
  scheduled = false;
  const ending = responses;
  const last = chunks;
  responses = [];
  chunks = [];
  for (let i = 0; i < ending.length; i++) ending[i]!.end(last[i]!);
}

/** `res.end(chunk)` once this turn of the event loop is over. */
export function endAfterTurn(res: ServerResponse, chunk: Uint8Array): void {
  responses.push(res);
  chunks.push(chunk);
  if (!scheduled) {
    scheduled = true;
    setImmediate(endAll);
  }
}
