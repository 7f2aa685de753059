/**
 * @module The write side of one HTTP/2 connection, as a module function (no object per connection): the frames
 * the core queued since the last write go to the socket in one write, or in one corked batch when there are
 * several. The session decides when (at the end of the turn, or at once past the write bound or before a close).
 * Chunks queued as views (large DATA payloads) are released back to their owner once their write completed.
 */
import type { Socket } from 'node:net';

/**
 * Writes `frames` (the core's `dataToSend()`) to `socket`; nothing once it is destroyed. `releases` (or null) are
 * called once these bytes and all before them are written: the frames may be views of the chunks they release.
 */
export function writeFrames(socket: Socket, frames: readonly Uint8Array[], releases: Array<() => void> | null): void {
  if (frames.length === 0 || socket.destroyed) return; // a destroyed socket: the chunks are left to the collector
  const last = frames.length - 1;
  if (last > 0) socket.cork();
  for (let i = 0; i < last; i++) socket.write(frames[i]!);
  if (releases === null) socket.write(frames[last]!);
  else socket.write(frames[last]!, () => callAll(releases)); // in order: after every earlier write too
  if (last > 0) socket.uncork();
}

function callAll(releases: Array<() => void>): void {
  for (let i = 0; i < releases.length; i++) releases[i]!();
}
