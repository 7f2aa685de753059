import { afterEach, describe, expect, it } from 'vitest';
import type { Application } from '@tsgi/spec';
import { serve, type Server } from '../src/index.js';
import { captureLogger, exchange, open, readUntil, readUntilClose, sleep, start, textApp } from './helpers.js';

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('serve()', () => {
  it('listens on port 0 and reports the real port', async () => {
    const s = await start(textApp('hi'));
    servers.push(s.server);
    expect(s.server.addresses[0]!.port).toBeGreaterThan(0);
    expect(s.server.addresses[0]!.host).toBe('127.0.0.1');
  });

  it('rejects with a ListenError when the port is in use', async () => {
    const s = await start(textApp('hi'));
    servers.push(s.server);
    const error = await serve(textApp('x'), { port: s.port, logger: captureLogger() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ListenError', code: 'TSGI_SERVER_LISTEN' });
    expect(String((error as Error).message)).toContain('already in use');
  });

  it('rejects invalid options with an OptionsError', async () => {
    for (const options of [{ port: 70000 }, { rootPath: 'api' }, { rootPath: '/api/' }, { headersTimeout: -1 }]) {
      await expect(serve(textApp('x'), { ...options, logger: captureLogger() })).rejects.toMatchObject({
        code: 'TSGI_SERVER_OPTIONS',
      });
    }
  });

  it('writes one access-log entry per request', async () => {
    const entries: unknown[] = [];
    const s = await start(textApp('hello'), { accessLog: (e) => entries.push(e) });
    servers.push(s.server);
    await exchange(s.port, 'GET /a?b=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ method: 'GET', target: '/a?b=1', httpVersion: '1.1', status: 200, bytes: 5 });
    expect((entries[0] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
  });

  it('graceful close lets a request in flight finish, refuses new connections, then runs lifespan shutdown', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const app: Application = async (scope, receive, send) => {
      if (scope.type === 'lifespan') {
        await receive();
        await send({ type: 'lifespan.startup.complete' });
        await receive();
        events.push('lifespan.shutdown');
        await send({ type: 'lifespan.shutdown.complete' });
        return;
      }
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: new TextEncoder().encode('first '), moreBody: true });
      await gate;
      await send({ type: 'http.response.body', body: new TextEncoder().encode('done') });
      events.push('response done');
    };
    const s = await start(app, { shutdownTimeout: 5000 });
    const busy = await open(s.port);
    const idle = await open(s.port);
    const idleClosed = readUntilClose(idle);
    const reply = readUntilClose(busy);
    busy.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    await sleep(100);
    const closing = s.server.close();
    await idleClosed; // the idle connection is closed at once
    await expect(open(s.port)).rejects.toThrow();
    release();
    await closing;
    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('first '); // the head went out before close(); the connection closes after the response
    expect(text.endsWith('0\r\n\r\n')).toBe(true);
    expect(events).toEqual(['response done', 'lifespan.shutdown']);
  });

  it('closes a request still in flight when the shutdown deadline passes', async () => {
    const s = await start(
      async (scope, _r, send) => {
        if (scope.type !== 'http') throw new Error('http only');
        await send({ type: 'http.response.start', status: 200 });
        await send({ type: 'http.response.body', body: new Uint8Array(1), moreBody: true });
        await new Promise(() => {}); // never finishes
      },
      { shutdownTimeout: 200 },
    );
    const socket = await open(s.port);
    socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    await readUntil(socket, (t) => t.includes('\r\n\r\n'));
    const began = Date.now();
    await s.server.close();
    expect(Date.now() - began).toBeGreaterThanOrEqual(150);
    expect(s.logger.lines.some((l) => l.includes('shutdown deadline passed'))).toBe(true);
  });

  it('answers an h2c Upgrade request as plain HTTP/1.1 (RFC 9113 §3.1 deprecates the upgrade)', async () => {
    const s = await start(textApp('plain'));
    servers.push(s.server);
    const reply = await exchange(
      s.port,
      'GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nConnection: close\r\n\r\n',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply.toLowerCase()).not.toContain('upgrade');
    expect(reply.endsWith('plain')).toBe(true);
  });

  it('answers 400 to garbage without calling the app (seed 002)', async () => {
    let calls = 0;
    const s = await start(async (scope) => void (scope.type === 'http' && calls++));
    servers.push(s.server);
    const reply = await exchange(s.port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(calls).toBe(0);
  });
});
