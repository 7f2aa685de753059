/** Large files: chunked streaming with backpressure and bounded memory, and the pathsend extension. */
import { createHash } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, realpathSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../src/index.js';
import { runApp } from './fake-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;
const SIZE = 50 * MiB;
let dir: string;
let expectedHash: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'app-static-big-'));
  // 50 MiB generated one MiB at a time (never held whole), each MiB different, so order and offsets are checked.
  const hash = createHash('sha256');
  const fd = openSync(join(dir, 'big.bin'), 'w');
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < SIZE / MiB; i++) {
    for (let j = 0; j < MiB; j += 4) block.writeUInt32LE((i * MiB + j) >>> 0, j);
    writeSync(fd, block);
    hash.update(block);
  }
  closeSync(fd);
  expectedHash = hash.digest('hex');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('streaming a 50 MiB file', () => {
  it('sends 64 KiB chunks one at a time, with fresh buffers, and memory far below the file size', async () => {
    gc();
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const seen = new WeakSet<ArrayBufferLike>();
    let reused = false;
    let maxChunk = 0;
    let first: { chunk: Uint8Array; hash: string } | undefined;
    const res = await runApp(staticFiles(dir), {
      rawPath: '/big.bin',
      keepBody: false,
      sendDelay: 1, // a slow client: every send() resolves only after a timer
      onBodyChunk: (chunk, index) => {
        if (seen.has(chunk.buffer)) reused = true;
        seen.add(chunk.buffer);
        maxChunk = Math.max(maxChunk, chunk.byteLength);
        if (index === 0) first = { chunk, hash: createHash('sha256').update(chunk).digest('hex') };
        if (index % 50 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().arrayBuffers - baseline);
        }
      },
    });
    expect(res.error).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.header('content-length')).toBe(String(SIZE));
    expect(res.bodyLength).toBe(SIZE);
    expect(res.sha256).toBe(expectedHash);
    expect(res.bodyMessages).toBe(SIZE / (64 * 1024));
    expect(maxChunk).toBe(64 * 1024);
    expect(res.maxOutstanding).toBe(1); // never a second send() before the previous one resolved
    expect(reused).toBe(false); // MSG-BODY-OWNERSHIP: a sent array is never written again
    expect(createHash('sha256').update(first!.chunk).digest('hex')).toBe(first!.hash);
    expect(peak).toBeLessThan(8 * MiB); // retained memory: a few chunks (measured ~2 MiB), not the 50 MiB file
    expect(res.complete).toBe(true);
  });

  it('honours the chunkSize option and streams a range from the middle', async () => {
    const res = await runApp(staticFiles(dir, { chunkSize: 1000 }), {
      rawPath: '/big.bin',
      headers: [['range', `bytes=${10 * MiB}-${10 * MiB + 4999}`]],
      sendDelay: 'immediate',
    });
    expect(res.status).toBe(206);
    expect(res.bodyMessages).toBe(5);
    expect(res.body.readUInt32LE(0)).toBe(10 * MiB);
    expect(res.body.readUInt32LE(4996)).toBe(10 * MiB + 4996);
    expect(res.maxOutstanding).toBe(1);
  });
});

describe('http.response.pathsend', () => {
  it('hands the whole file to the server when the extension is advertised', async () => {
    const res = await runApp(staticFiles(dir), { rawPath: '/big.bin', pathsend: true });
    expect(res.status).toBe(200);
    expect(res.types).toEqual(['http.response.start', 'http.response.pathsend']);
    expect(res.pathsend).toEqual({ path: realpathSync(join(dir, 'big.bin')), offset: 0, length: SIZE });
    expect(res.header('content-length')).toBe(String(SIZE));
    expect(res.complete).toBe(true);
  });

  it('sends offset and length for a range', async () => {
    const res = await runApp(staticFiles(dir), { rawPath: '/big.bin', pathsend: true, headers: [['range', 'bytes=100-199']] });
    expect(res.status).toBe(206);
    expect(res.header('content-range')).toBe(`bytes 100-199/${SIZE}`);
    expect(res.pathsend).toMatchObject({ offset: 100, length: 100 });
    const suffix = await runApp(staticFiles(dir), { rawPath: '/big.bin', pathsend: true, headers: [['range', 'bytes=-10']] });
    expect(suffix.pathsend).toMatchObject({ offset: SIZE - 10, length: 10 });
  });

  it('is not used when not advertised, nor with pathsend: false', async () => {
    const app = staticFiles(dir, { pathsend: false });
    const res = await runApp(app, { rawPath: '/big.bin', pathsend: true, headers: [['range', 'bytes=0-9']] });
    expect(res.pathsend).toBeUndefined();
    expect(res.types).toEqual(['http.response.start', 'http.response.body']);
    const plain = await runApp(staticFiles(dir), { rawPath: '/big.bin', headers: [['range', 'bytes=0-9']] });
    expect(plain.pathsend).toBeUndefined();
    expect(plain.bodyLength).toBe(10);
  });

  it('a client gone before the answer: the rejection escapes and nothing is sent', async () => {
    const res = await runApp(staticFiles(dir), { rawPath: '/big.bin', pathsend: true, disconnectAfterBodyMessages: 0 });
    expect(res.error).toMatchObject({ code: 'TSGI_CLIENT_DISCONNECTED' });
    expect(res.pathsend).toBeUndefined();
  });
});
