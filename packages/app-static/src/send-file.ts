/**
 * @module Sending a file's bytes: streamed in fresh chunks with `await send()` as the backpressure
 * (FLOW-SEND-BACKPRESSURE), or handed to the server with the `http.response.pathsend` extension.
 */
import type { FileHandle } from 'node:fs/promises';
import type { HttpResponsePathsendMessage, Send } from '@tsgi/spec';

/** The extension name a server advertises in `scope.extensions` when it can send a named file itself. */
export const PATHSEND = 'http.response.pathsend';

/** The default read size: 64 KiB. */
export const DEFAULT_CHUNK_SIZE = 64 * 1024;

/** Hands the file to the server (spec: EXT-PATHSEND-*); the server applies the body rules and backpressure. */
export function sendPath(send: Send, message: HttpResponsePathsendMessage): Promise<void> {
  return send(message);
}

/**
 * Streams `length` bytes of an open file from `offset` as `http.response.body` messages, the last one with
 * `moreBody: false`. Each chunk is a new `Uint8Array`: a sent array belongs to the server (MSG-BODY-OWNERSHIP), so
 * no buffer is reused, and the next read starts only after the previous `send()` resolved, so at most one chunk
 * is in flight and memory stays at one chunk whatever the file size.
 *
 * A rejected `send()` (the client left: TSGI_CLIENT_DISCONNECTED) propagates, which stops the reading; the
 * caller closes the handle in its `finally`. A file that shrinks while it is sent ends in an error too: the
 * response cannot reach its `content-length`, and the server ends it abnormally (HTTP-RESP-LENGTH-UNDER).
 */
export async function streamFile(
  send: Send,
  handle: FileHandle,
  offset: number,
  length: number,
  chunkSize = DEFAULT_CHUNK_SIZE,
): Promise<void> {
  let position = offset;
  let remaining = length;
  if (remaining === 0) {
    await send({ type: 'http.response.body', moreBody: false });
    return;
  }
  while (remaining > 0) {
    const chunk = new Uint8Array(Math.min(chunkSize, remaining));
    let filled = 0;
    while (filled < chunk.byteLength) {
      const { bytesRead } = await handle.read(chunk, filled, chunk.byteLength - filled, position + filled);
      if (bytesRead === 0) throw new Error(`file shrank while being sent (${remaining - filled} bytes missing)`);
      filled += bytesRead;
    }
    position += filled;
    remaining -= filled;
    await send({ type: 'http.response.body', body: chunk, moreBody: remaining > 0 });
  }
}
