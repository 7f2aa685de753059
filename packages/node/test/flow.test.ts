/** Flow and failure: backpressure both ways, disconnects, app failures, graceful close, lifespan. */
import { afterEach, describe, expect, it } from 'vitest';
import { constants } from 'node:http2';
import { isClientDisconnected, type Application } from '@tsgi/spec';
import { serve, StartupFailedError } from '../src/index.js';
import { captureLogger, exchange, h2, h2request, open, readUntil, readUntilClose, sleep, start, type Started } from './helpers.js';

const enc = new TextEncoder();
let current: Started | null = null;
afterEach(async () => {
  await current?.server.close();
  current = null;
});
async function run(app: Application, options = {}): Promise<Started> {
  current = await start(app, options);
  return current;
}

/** An app that streams 64 KiB chunks until send() rejects; reports how many were accepted and the error. */
function streamer(report: { sent: number; error: unknown; done: Promise<void> }): Application {
  let finish!: () => void;
  report.done = new Promise((r) => (finish = r));
  return async (scope, _r, send) => {
    if (scope.type !== 'http') throw new Error('unsupported');
    await send({ type: 'http.response.start', status: 200 });
    try {
      for (;;) {
        await send({ type: 'http.response.body', body: new Uint8Array(65536), moreBody: true });
        report.sent++;
      }
    } catch (error) {
      report.error = error;
      finish();
      throw error;
    }
  };
}

describe('backpressure and disconnects', () => {
  for (const proto of ['h1', 'h2'] as const) {
    it(`${proto}: a client that does not read stalls send(); when it goes, send() rejects with TSGI_CLIENT_DISCONNECTED (not logged as a failure)`, async () => {
      const report = { sent: 0, error: undefined as unknown, done: Promise.resolve() };
      const { port, logger } = await run(streamer(report));
      if (proto === 'h1') {
        const socket = await open(port);
        socket.pause();
        socket.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
        await sleep(300);
        const stalled = report.sent;
        await sleep(200);
        expect(report.sent).toBe(stalled); // held, not growing
        expect(stalled).toBeLessThan(200); // far less than 12 MiB buffered
        socket.destroy();
      } else {
        const session = h2(port);
        const req = session.request({ ':path': '/' }, { endStream: true });
        req.pause();
        await sleep(300);
        const stalled = report.sent;
        await sleep(200);
        expect(report.sent).toBe(stalled);
        expect(stalled).toBeLessThan(10); // the 64 KiB stream window holds it
        req.close(constants.NGHTTP2_CANCEL);
        session.close();
      }
      await report.done;
      expect(isClientDisconnected(report.error)).toBe(true);
      expect(logger.lines.filter((l) => l.startsWith('error'))).toEqual([]);
    });

    it(`${proto}: an app that does not receive() holds an upload; the server stops reading`, async () => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let got = 0;
      const { port } = await run(async (scope, receive, send) => {
        if (scope.type !== 'http') throw new Error('unsupported');
        await gate;
        for (;;) {
          const m = await receive();
          if (m.type !== 'http.request') break;
          got += m.body.byteLength;
          if (!m.moreBody) break;
        }
        await send({ type: 'http.response.start', status: 200 });
        await send({ type: 'http.response.body', body: enc.encode(String(got)) });
      });
      const total = 8 * 1024 * 1024;
      if (proto === 'h1') {
        const socket = await open(port);
        socket.write(`POST / HTTP/1.1\r\nHost: h\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`);
        const chunk = Buffer.alloc(65536);
        let written = 0;
        for (let ok = true; ok && written < total; written += chunk.byteLength) ok = socket.write(chunk);
        await sleep(300);
        expect(socket.writableLength).toBeGreaterThan(0); // the server stopped reading: our writes back up
        const reply = readUntilClose(socket);
        release();
        const feed = (): void => {
          while (written < total) {
            written += chunk.byteLength;
            if (!socket.write(chunk)) return void socket.once('drain', feed);
          }
        };
        feed();
        expect(await reply).toMatch(new RegExp(`\\r\\n${total}\\r\\n0\\r\\n\\r\\n$`));
      } else {
        const session = h2(port);
        const req = session.request({ ':path': '/', ':method': 'POST' });
        const chunk = Buffer.alloc(65536);
        let written = 0;
        for (let ok = true; ok && written < total; written += chunk.byteLength) ok = req.write(chunk);
        await sleep(300);
                expect(written).toBeLessThan(1024 * 1024);
        const body: Buffer[] = [];
        const done = new Promise<string>((r) => req.on('end', () => r(Buffer.concat(body).toString())));
        req.on('data', (c: Buffer) => body.push(c));
        release();
        const feed = (): void => {
          while (written < total) {
            written += chunk.byteLength;
            if (!req.write(chunk)) return void req.once('drain', feed);
          }
          req.end();
        };
        feed();
        expect(await done).toBe(String(total));
        session.close();
      }
    });
  }

  it('h1: a FIN from the client while its request is in flight is a disconnect (SERVER-CLIENT-EOF)', async () => {
    let message: unknown = null;
    const { port } = await run(async (scope, receive) => {
      if (scope.type !== 'http') throw new Error('unsupported');
      await receive(); // the (empty) body
      message = await receive(); // waits for the response or the client
    });
    const socket = await open(port);
    const closed = readUntilClose(socket);
    socket.end('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    await closed;
    await sleep(50);
    expect(message).toEqual({ type: 'http.disconnect' });
  });

  it('h1: app throws before start: 500 text/plain; after start: the response is cut off', async () => {
    const { port } = await run(async (scope, _r, send) => {
      if (scope.type !== 'http') throw new Error('unsupported');
      if (scope.path === '/before') throw new Error('secret detail');
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: enc.encode('partial'), moreBody: true });
      throw new Error('late');
    });
    const before = await exchange(port, 'GET /before HTTP/1.1\r\nHost: h\r\n\r\n'.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
    expect(before).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n/);
    expect(before).toMatch(/content-type: text\/plain; charset=utf-8/);
    expect(before).toMatch(/\r\n\r\nInternal Server Error$/);
    expect(before).not.toContain('secret');
    const after = await exchange(port, 'GET /after HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(after).toMatch(/partial\r\n$/); // chunked, with no terminating 0-chunk: truncated
  });
});

describe('graceful close', () => {
  it('h1: a request in flight finishes with connection: close; idle connections close; new ones are refused', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { server, port } = await run(async (scope, _r, send) => {
      if (scope.type !== 'http') throw new Error('unsupported');
      if (scope.path === '/slow') await gate;
      await send({ type: 'http.response.start', status: 200, headers: [['content-length', '2']] });
      await send({ type: 'http.response.body', body: enc.encode('ok') });
    });
    const idle = await open(port);
    const idleClosed = readUntilClose(idle);
    idle.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    await readUntil(idle, (t) => t.endsWith('ok'));
    const busy = await open(port);
    const reply = readUntilClose(busy);
    busy.write('GET /slow HTTP/1.1\r\nHost: h\r\n\r\n');
    await sleep(50);
    const closing = server.close();
    await idleClosed;
    await expect(open(port)).rejects.toThrow();
    release();
    const text = await reply;
    expect(text).toMatch(/connection: close/i);
    expect(text).toMatch(/\r\n\r\nok$/);
    await closing;
    current = null;
  });

  it('h2: GOAWAY, the open stream finishes; at the deadline a stuck request is cut off and sees http.disconnect', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let stuckSaw: unknown = null;
    const { server, port } = await run(
      async (scope, receive, send) => {
        if (scope.type !== 'http') throw new Error('unsupported');
        if (scope.path === '/stuck') {
          await receive();
          stuckSaw = await receive();
          return;
        }
        await gate;
        await send({ type: 'http.response.start', status: 200 });
        await send({ type: 'http.response.body', body: enc.encode('done') });
      },
      { shutdownTimeout: 500 },
    );
    const session = h2(port);
    const goaway = new Promise<void>((r) => session.once('goaway', () => r()));
    const slow = h2request(session, { ':path': '/slow' });
    const stuck = session.request({ ':path': '/stuck' }, { endStream: true });
    stuck.on('error', () => {});
    await sleep(50);
    const closing = server.close();
    await goaway;
    release();
    expect((await slow).body.toString()).toBe('done');
    await closing;
    expect(stuckSaw).toEqual({ type: 'http.disconnect' });
    current = null;
  });
});

describe('lifespan', () => {
  it('a startup failure rejects serve() with StartupFailedError', async () => {
    const app: Application = async (scope, receive, send) => {
      if (scope.type !== 'lifespan') return;
      await receive();
      await send({ type: 'lifespan.startup.failed', message: 'no database' });
    };
    await expect(serve(app, { port: 0, logger: captureLogger() })).rejects.toBeInstanceOf(StartupFailedError);
  });

  it('state from startup reaches each request as a copy', async () => {
    const app: Application = async (scope, receive, send) => {
      if (scope.type === 'lifespan') {
        await receive();
        scope.state['greeting'] = 'hi';
        await send({ type: 'lifespan.startup.complete' });
        await receive();
        await send({ type: 'lifespan.shutdown.complete' });
        return;
      }
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: enc.encode(String(scope.state['greeting'])) });
    };
    const { port } = await run(app);
    expect(await exchange(port, 'GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n')).toMatch(/hi\r\n0\r\n\r\n$/);
  });
});
