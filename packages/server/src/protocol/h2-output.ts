/**
 * @module The write side of one HTTP/2 connection, as a module function (no object per connection): the frames
 * the core queued since the last write go to the socket in one write, or in one corked batch when there are
 * several. The session decides when (at the end of the turn, or at once past the write bound or before a close).
 */
import type { Socket } from 'node:net';

/** Writes `frames` (the core's `dataToSend()`) to `socket`; nothing once it is destroyed. */
export function writeFrames(socket: Socket, frames: readonly Uint8Array[]): void {
  if (frames.length === 0 || socket.destroyed) return;
  if (frames.length === 1) {
    socket.write(frames[0]!);
    return;
  }
  socket.cork();
  for (let i = 0; i < frames.length; i++) socket.write(frames[i]!);
  socket.uncork();
}
