import { afterEach, describe, expect, it } from 'vitest';
import type { Server } from '../src/index.js';
import { exchange, open, readUntil, readUntilClose, sleep, start, textApp } from './helpers.js';

let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('timeouts (the client that sends nothing or trickles: seed 002)', () => {
  it('closes a connection that sends nothing once the headers timeout passes, without calling the app', async () => {
    let calls = 0;
    const s = await start(async (scope) => void (scope.type === 'http' && calls++), { headersTimeout: 200 });
    server = s.server;
    const socket = await open(s.port);
    const began = Date.now();
    const reply = await readUntilClose(socket, 3000);
    expect(reply).toBe('');
    expect(Date.now() - began).toBeGreaterThanOrEqual(150);
    expect(calls).toBe(0);
  });

  it('answers 408 and closes a client that trickles its head past the headers timeout', async () => {
    const s = await start(textApp('x'), { headersTimeout: 300 });
    server = s.server;
    const socket = await open(s.port);
    const reply = readUntilClose(socket, 3000);
    const parts = ['GET / HTTP/1.1\r\n', 'Host: a\r\n', 'X-Slow: 1\r\n', 'X-Slow: 2\r\n'];
    for (const part of parts) {
      if (socket.destroyed) break;
      socket.write(part);
      await sleep(120);
    }
    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text.toLowerCase()).toContain('connection: close');
  });

  it('serves other clients while one is stuck sending nothing (concurrency)', async () => {
    const s = await start(textApp('ok'), { headersTimeout: 5000 });
    server = s.server;
    const stuck = await open(s.port);
    const reply = await exchange(s.port, 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(reply.endsWith('ok')).toBe(true);
    stuck.destroy();
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const s = await start(textApp('ok'), { keepAliveTimeout: 200 });
    server = s.server;
    const socket = await open(s.port);
    socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    await readUntil(socket, (t) => t.endsWith('ok'));
    const began = Date.now();
    await readUntilClose(socket, 3000);
    expect(Date.now() - began).toBeGreaterThanOrEqual(150);
  });

  it('answers 408 when the body stops arriving while the app waits for it (body timeout)', async () => {
    let sawDisconnect = false;
    const s = await start(
      async (scope, receive) => {
        if (scope.type !== 'http') throw new Error('http only');
        for (;;) {
          const m = await receive();
          if (m.type === 'http.disconnect') {
            sawDisconnect = true;
            return;
          }
        }
      },
      { bodyTimeout: 200 },
    );
    server = s.server;
    const socket = await open(s.port);
    const reply = readUntilClose(socket, 3000);
    socket.write('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc');
    expect(await reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(sawDisconnect).toBe(true);
  });
});
