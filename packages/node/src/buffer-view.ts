/**
 * @module Response chunks as Buffers for Node's streams. A Node `Writable` turns every `Uint8Array` that is not a
 * Buffer into one (`_uint8ArrayToBuffer`: a new view per write), which was ~1% of the h2c hello profile: apps send
 * the same constant body response after response, so the view of the last chunk is kept and reused for it.
 */

const SMALL = 16 * 1024;
let lastChunk: Uint8Array | null = null;
let lastView: Buffer | null = null;

/**
 * `chunk` itself when it is a Buffer, else a Buffer over the same bytes (no copy; what Node would make). Only a small
 * chunk's view is remembered, so the cache never holds much memory alive.
 */
export function asBuffer(chunk: Uint8Array): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  // The length is compared too: a view over a resizable ArrayBuffer can change its length.
  if (chunk === lastChunk && chunk.byteLength === lastView!.byteLength) return lastView!;
  const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk.byteLength <= SMALL) {
    lastChunk = chunk;
    lastView = view;
  }
  return view;
}
