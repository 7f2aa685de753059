import { describe, expect, it } from 'vitest';
import { OutboundQueue } from '../src/connection/outbound.js';

/** Reserves `n` octets and fills them with `byte`, as a frame writer would. */
function put(q: OutboundQueue, n: number, byte: number): void {
  const at = q.reserve(n);
  q.buf.fill(byte, at, at + n);
}

describe('OutboundQueue buffers', () => {
  it('allocates nothing until the first frame, then starts at 1 KiB and doubles up to 32 KiB', () => {
    const q = new OutboundQueue();
    expect(q.buf.byteLength).toBe(0);
    put(q, 10, 1);
    expect(q.buf.byteLength).toBe(1024);
    const sizes: number[] = [];
    for (let i = 0; i < 7; i++) {
      put(q, Math.min(q.buf.byteLength, 32768), 2); // never fits behind what is there: a new buffer each time
      sizes.push(q.buf.byteLength);
    }
    expect(sizes).toEqual([2048, 4096, 8192, 16384, 32768, 32768, 32768]);
    put(q, 40000, 3); // one larger frame gets a buffer of its own size
    expect(q.buf.byteLength).toBe(40000);
  });

  it('keeps the bytes in order across buffers, and release() drops the buffer only when nothing is queued', () => {
    const q = new OutboundQueue();
    put(q, 1000, 1);
    put(q, 100, 2); // does not fit in the first 1 KiB
    q.release(); // queued: kept
    expect(q.queuedBytes).toBe(1100);
    const chunks = q.take();
    expect(chunks.map((c) => [c.byteLength, c[0]])).toEqual([[1000, 1], [100, 2]]);
    expect(q.buf.byteLength).toBe(2048);
    q.release();
    expect(q.buf.byteLength).toBe(0);
    expect(chunks[1]![99]).toBe(2); // bytes handed out stay as they were
    put(q, 10, 4);
    expect(q.buf.byteLength).toBe(1024); // after a quiet spell it starts small again
    expect(q.take()[0]).toEqual(new Uint8Array(10).fill(4));
  });
});
