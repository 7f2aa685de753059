import { connect as connectTcp } from 'node:net';
import { connect, type ClientHttp2Session } from 'node:http2';
import { afterEach, describe, expect, it } from 'vitest';
import { HpackEncoder } from '@tsgi/hpack';
import type { Application } from '@tsgi/spec';
import type { Server } from '../src/index.js';
import { h2Frame as frame, sleep, start } from './helpers.js';

const MiB = 1024 * 1024;
let server: Server | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Streams `total` bytes in 64 KiB chunks, counting what send() accepted. */
function streamingApp(counter: { accepted: number }, total: number): Application {
  return async (scope, _receive, send) => {
    if (scope.type !== 'http') throw new Error('http only');
    if (scope.path === '/small') {
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: new TextEncoder().encode('small') });
      return;
    }
    const chunk = new Uint8Array(64 * 1024);
    await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(total)]] });
    while (counter.accepted < total) {
      await send({ type: 'http.response.body', body: chunk, moreBody: counter.accepted + chunk.length < total });
      counter.accepted += chunk.length;
    }
  };
}

function session(port: number): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const s = connect(`http://127.0.0.1:${port}`);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}


describe('HTTP/2 flow control and the app (spec FLOW-SEND-BACKPRESSURE)', () => {
  it('a slow reader holds back its own stream only', async () => {
    const counter = { accepted: 0 };
    const s = await start(streamingApp(counter, 64 * MiB));
    server = s.server;
    const client = await session(s.port);
    const slow = client.request({ ':path': '/big' });
    slow.pause(); // read nothing: the stream window (64 KiB by default) fills and stays full
    await sleep(500);
    const stalledAt = counter.accepted;
    await sleep(200);
    expect(counter.accepted).toBe(stalledAt);
    expect(counter.accepted).toBeLessThan(4 * MiB);
    const small = await new Promise<string>((resolve) => {
      const req = client.request({ ':path': '/small' });
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => resolve(text));
    });
    expect(small).toBe('small');
    slow.on('error', () => {});
    slow.close(0x8); // CANCEL: the app's pending send() rejects, the stream is dropped
    await new Promise((r) => slow.once('close', r));
    client.destroy();
    const began = Date.now();
    await s.server.close();
    expect(Date.now() - began).toBeLessThan(1000); // nothing left in flight
  });

  it('a peer that never opens its window is cut off after the body timeout, and memory stays bounded', async () => {
    const counter = { accepted: 0 };
    const s = await start(streamingApp(counter, 64 * MiB), { bodyTimeout: 300 });
    server = s.server;
    const socket = connectTcp({ host: '127.0.0.1', port: s.port });
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => {});
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const settings = Buffer.alloc(6);
    settings.writeUInt16BE(0x4, 0); // SETTINGS_INITIAL_WINDOW_SIZE = 0: the peer opens no stream window, ever
    settings.writeUInt32BE(0, 2);
    const block = new HpackEncoder().encode([[':method', 'GET'], [':scheme', 'http'], [':path', '/big'], [':authority', 'x']]);
    socket.write(Buffer.concat([
      Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'),
      frame(0x4, 0, 0, settings),
      frame(0x4, 0x1, 0, new Uint8Array(0)), // ACK the server's SETTINGS
      frame(0x1, 0x4 | 0x1, 1, block), // HEADERS, END_HEADERS | END_STREAM
    ]));
    const began = Date.now();
    await closed;
    expect(Date.now() - began).toBeGreaterThanOrEqual(250);
    expect(counter.accepted).toBeLessThan(2 * MiB); // send() waited on the window: nothing piled up
    const bytes = Buffer.concat(received);
    // the last frame before the close is a GOAWAY (type 7)
    let offset = 0;
    let lastType = -1;
    while (offset + 9 <= bytes.length) {
      const length = bytes.readUIntBE(offset, 3);
      lastType = bytes[offset + 3]!;
      offset += 9 + length;
    }
    expect(lastType).toBe(0x7);
  });

  it('graceful close sends GOAWAY and lets an open stream finish', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const s = await start(async (scope, _receive, send) => {
      if (scope.type !== 'http') throw new Error('http only');
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: new TextEncoder().encode('first,'), moreBody: true });
      await gate;
      await send({ type: 'http.response.body', body: new TextEncoder().encode('last') });
    });
    const client = await session(s.port);
    const goaway = new Promise<number>((resolve) => client.once('goaway', (code: number) => resolve(code)));
    const body = new Promise<string>((resolve) => {
      const req = client.request({ ':path': '/' });
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => resolve(text));
    });
    await sleep(100);
    const closing = s.server.close();
    expect(await goaway).toBe(0); // NO_ERROR
    release();
    expect(await body).toBe('first,last');
    await closing;
  });

  it('request bytes an app never read are given back to the connection window', async () => {
    const s = await start(async (scope, receive, send) => {
      if (scope.type !== 'http') throw new Error('http only');
      let size = 0;
      if (scope.path === '/ignore') await sleep(30); // let the upload arrive and sit unread in the server
      if (scope.path === '/read') {
        for (;;) {
          const m = await receive();
          if (m.type !== 'http.request') break;
          size += m.body.length;
          if (!m.moreBody) break;
        }
      }
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: new TextEncoder().encode(String(size)) });
    });
    server = s.server;
    const client = await session(s.port);
    const post = (path: string, bytes: number) =>
      new Promise<string>((resolve) => {
        const req = client.request({ ':path': path, ':method': 'POST' });
        let out = '';
        req.setEncoding('utf8');
        req.on('data', (c: string) => (out += c));
        req.on('error', () => {});
        req.on('close', () => resolve(out));
        req.end(Buffer.alloc(bytes, 1));
      });
    // 24 x 60 KiB, one after another, that the app leaves unread: 1.4 MiB, more than the 1 MiB connection window
    for (let i = 0; i < 24; i++) expect(await post('/ignore', 60 * 1024)).toBe('0');
    expect(await post('/read', 2 * MiB)).toBe(String(2 * MiB));
    client.destroy();
  });

  it('a request with trailers is read to its end', async () => {
    const s = await start(async (scope, receive, send) => {
      if (scope.type !== 'http') throw new Error('http only');
      let size = 0;
      for (;;) {
        const m = await receive();
        if (m.type !== 'http.request') break;
        size += m.body.length;
        if (!m.moreBody) break;
      }
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: new TextEncoder().encode(String(size)) });
    });
    server = s.server;
    const client = await session(s.port);
    const text = await new Promise<string>((resolve) => {
      const req = client.request({ ':path': '/', ':method': 'POST' }, { waitForTrailers: true });
      req.on('wantTrailers', () => req.sendTrailers({ 'x-checksum': 'abc' }));
      let out = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (out += c));
      req.on('end', () => resolve(out));
      req.end(Buffer.alloc(100_000, 7));
    });
    client.close();
    expect(text).toBe('100000');
  });
});
