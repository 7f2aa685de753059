import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from '../src/index.js';
import { open, readUntil, sleep, start } from './helpers.js';

let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('backpressure (spec FLOW-SEND-BACKPRESSURE, FLOW-RECEIVE-PULL)', () => {
  it('a client that does not read stalls the app\'s send() instead of growing server memory', async () => {
    const chunk = new Uint8Array(64 * 1024);
    let accepted = 0;
    let failure: unknown = null;
    const s = await start(async (scope, _receive, send) => {
      if (scope.type !== 'http') throw new Error('http only');
      await send({ type: 'http.response.start', status: 200 });
      try {
        for (let i = 0; i < 4096; i++) {
          await send({ type: 'http.response.body', body: chunk, moreBody: true }); // 256 MiB if nothing stopped it
          accepted += chunk.byteLength;
        }
        await send({ type: 'http.response.body' });
      } catch (error) {
        failure = error;
      }
    });
    server = s.server;
    const socket = await open(s.port);
    socket.pause(); // read nothing
    socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    await sleep(500);
    const stalledAt = accepted;
    await sleep(300);
    // The kernel's socket buffers hold some megabytes at most; the server buffers at most writeBufferBytes more.
    expect(accepted).toBe(stalledAt);
    expect(accepted).toBeLessThan(32 * 1024 * 1024);
    socket.destroy();
    await sleep(100);
    expect(failure).toMatchObject({ code: 'TSGI_CLIENT_DISCONNECTED' });
  });

  it('an upload the app does not read is paused on the socket, and resumes when the app reads', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let received = 0;
    const s = await start(async (scope, receive, send) => {
      if (scope.type !== 'http') throw new Error('http only');
      await gate;
      for (;;) {
        const m = await receive();
        if (m.type !== 'http.request') break;
        received += m.body.byteLength;
        if (!m.moreBody) break;
      }
      const body = new TextEncoder().encode(String(received));
      await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(body.length)]] });
      await send({ type: 'http.response.body', body });
    });
    server = s.server;
    const total = 64 * 1024 * 1024;
    const socket = await open(s.port);
    socket.write(`POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${total}\r\n\r\n`);
    const piece = Buffer.alloc(256 * 1024, 0x61);
    let written = 0;
    // Write without waiting for drain until the socket stops accepting: that is the server pausing reads.
    while (written < total && socket.writableLength < 32 * 1024 * 1024) {
      socket.write(piece);
      written += piece.length;
      if (written % (4 * 1024 * 1024) === 0) await sleep(5);
    }
    await sleep(300);
    const flushed = written - socket.writableLength; // what left this process
    expect(flushed).toBeLessThan(total / 2); // the server stopped reading long before the end
    release();
    const pump = (async () => {
      while (written < total) {
        if (!socket.write(piece)) await new Promise((r) => socket.once('drain', r));
        written += piece.length;
      }
    })();
    const reply = await readUntil(socket, (t) => t.endsWith(String(total)), 20_000);
    await pump;
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    socket.destroy();
  });
});
