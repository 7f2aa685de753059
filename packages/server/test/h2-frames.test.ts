/**
 * Frame-level checks over a real socket: crafted frames in, the exact GOAWAY / RST_STREAM codes out
 * (RFC 9113 §5.4, §7). The core's own tests cover every path on byte vectors; these show the server wires them up.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HpackEncoder } from '@tsgi/hpack';
import type { Server } from '../src/index.js';
import { h2Frame as frame, start } from './helpers.js';

const PROTOCOL_ERROR = 0x1;
const REFUSED_STREAM = 0x7;
const ENHANCE_YOUR_CALM = 0xb;

interface Frame { type: number; flags: number; streamId: number; payload: Buffer }

/** A raw h2c client: preface and SETTINGS sent, frames parsed as they come. */
class RawH2 {
  readonly frames: Frame[] = [];
  readonly hpack = new HpackEncoder();
  #buffer = Buffer.alloc(0);
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      while (this.#buffer.length >= 9) {
        const length = this.#buffer.readUIntBE(0, 3);
        if (this.#buffer.length < 9 + length) break;
        this.frames.push({
          type: this.#buffer[3]!,
          flags: this.#buffer[4]!,
          streamId: this.#buffer.readUInt32BE(5) & 0x7fffffff,
          payload: this.#buffer.subarray(9, 9 + length),
        });
        this.#buffer = this.#buffer.subarray(9 + length);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => {});
  }
  static async open(port: number): Promise<RawH2> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), frame(0x4, 0, 0)]));
    return new RawH2(socket);
  }
  headers(streamId: number, fields: Array<[string, string]>, flags = 0x4 | 0x1): Buffer {
    return frame(0x1, flags, streamId, this.hpack.encode(fields));
  }
  send(...frames: Buffer[]): void {
    this.socket.write(Buffer.concat(frames));
  }
  async waitFor(predicate: (f: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
    const began = Date.now();
    for (;;) {
      const found = this.frames.find(predicate);
      if (found) return found;
      if (Date.now() - began > timeoutMs) throw new Error(`no such frame; got types ${this.frames.map((f) => f.type).join(',')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  goAwayCode(): Promise<number> {
    return this.waitFor((f) => f.type === 0x7).then((f) => f.payload.readUInt32BE(4));
  }
  resetCode(streamId: number): Promise<number> {
    return this.waitFor((f) => f.type === 0x3 && f.streamId === streamId).then((f) => f.payload.readUInt32BE(0));
  }
  close(): void {
    this.socket.destroy();
  }
}

const GET: Array<[string, string]> = [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'x']];

let server: Server;
let port: number;
beforeAll(async () => {
  const s = await start(async (scope, receive, send) => {
    if (scope.type !== 'http') throw new Error('http only');
    if (scope.path === '/wait') await new Promise((r) => setTimeout(r, 2000));
    for (;;) {
      const m = await receive();
      if (m.type !== 'http.request' || !m.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 200 });
    await send({ type: 'http.response.body', body: new TextEncoder().encode('ok') });
  });
  server = s.server;
  port = s.port;
});
afterAll(() => server.close());

describe('HTTP/2 errors on the wire', () => {
  it('answers PING with an ACK carrying the same payload (RFC 9113 §6.7)', async () => {
    const c = await RawH2.open(port);
    c.send(frame(0x6, 0, 0, Buffer.from('12345678')));
    const ack = await c.waitFor((f) => f.type === 0x6 && f.flags === 0x1);
    expect(ack.payload.toString()).toBe('12345678');
    c.close();
  });

  it.each([
    ['an uppercase field name', [...GET, ['X-Upper', '1']]],
    ['a connection-specific field', [...GET, ['connection', 'keep-alive']]],
    ['te other than trailers', [...GET, ['te', 'gzip']]],
    ['a missing :path', GET.filter(([n]) => n !== ':path')],
    ['a pseudo-header after a regular field', [[':method', 'GET'], ['accept', '*/*'], [':scheme', 'http'], [':path', '/']]],
  ] as Array<[string, Array<[string, string]>]>)('a request with %s is reset with PROTOCOL_ERROR (RFC 9113 §8.2, §8.3)', async (_name, fields) => {
    const c = await RawH2.open(port);
    c.send(c.headers(1, fields));
    expect(await c.resetCode(1)).toBe(PROTOCOL_ERROR);
    // the connection lives on: a valid request on stream 3 is answered
    c.send(c.headers(3, GET));
    await c.waitFor((f) => f.type === 0x0 && f.streamId === 3);
    c.close();
  });

  it('content-length that disagrees with the DATA is a stream PROTOCOL_ERROR (RFC 9113 §8.1.1)', async () => {
    const c = await RawH2.open(port);
    c.send(c.headers(1, [[':method', 'POST'], [':scheme', 'http'], [':path', '/'], ['content-length', '10']], 0x4), frame(0x0, 0x1, 1, Buffer.from('abc')));
    expect(await c.resetCode(1)).toBe(PROTOCOL_ERROR);
    c.close();
  });

  it('DATA on stream 0 is a connection PROTOCOL_ERROR (RFC 9113 §6.1)', async () => {
    const c = await RawH2.open(port);
    c.send(frame(0x0, 0, 0, Buffer.from('x')));
    expect(await c.goAwayCode()).toBe(PROTOCOL_ERROR);
    c.close();
  });

  it('a WINDOW_UPDATE of 0 on the connection is a PROTOCOL_ERROR (RFC 9113 §6.9)', async () => {
    const c = await RawH2.open(port);
    c.send(frame(0x8, 0, 0, Buffer.alloc(4)));
    expect(await c.goAwayCode()).toBe(PROTOCOL_ERROR);
    c.close();
  });

  it('streams past SETTINGS_MAX_CONCURRENT_STREAMS are refused with REFUSED_STREAM', async () => {
    const c = await RawH2.open(port);
    const wait: Array<[string, string]> = [[':method', 'GET'], [':scheme', 'http'], [':path', '/wait'], [':authority', 'x']];
    const frames: Buffer[] = [];
    for (let i = 0; i < 101; i++) frames.push(c.headers(1 + 2 * i, wait));
    c.send(...frames);
    expect(await c.resetCode(201)).toBe(REFUSED_STREAM);
    c.close();
  });

  it('rapid reset (CVE-2023-44487) ends in GOAWAY ENHANCE_YOUR_CALM', async () => {
    const c = await RawH2.open(port);
    const frames: Buffer[] = [];
    const cancel = Buffer.alloc(4);
    cancel.writeUInt32BE(0x8, 0);
    for (let i = 0; i < 1200; i++) {
      const id = 1 + 2 * i;
      frames.push(c.headers(id, GET, 0x4), frame(0x3, 0, id, cancel));
    }
    c.send(...frames);
    expect(await c.goAwayCode()).toBe(ENHANCE_YOUR_CALM);
    c.close();
  });

  it('a CONTINUATION flood ends in GOAWAY ENHANCE_YOUR_CALM', async () => {
    const c = await RawH2.open(port);
    const frames = [c.headers(1, GET, 0x1)]; // no END_HEADERS
    for (let i = 0; i < 50; i++) frames.push(frame(0x9, 0, 1, c.hpack.encode([['x-filler', 'y'.repeat(10)]])));
    c.send(...frames);
    expect(await c.goAwayCode()).toBe(ENHANCE_YOUR_CALM);
    c.close();
  });

  it('interleaving another frame inside a header block is a connection PROTOCOL_ERROR (RFC 9113 §6.10)', async () => {
    const c = await RawH2.open(port);
    c.send(c.headers(1, GET, 0x1), frame(0x6, 0, 0, Buffer.alloc(8)));
    expect(await c.goAwayCode()).toBe(PROTOCOL_ERROR);
    c.close();
  });
});
