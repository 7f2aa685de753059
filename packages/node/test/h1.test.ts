/** HTTP/1.1 over node:http: GET, POST, chunked, HEAD, 204, set-cookie, request headers, bad requests, keep-alive. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Application, HttpScope } from '@tsgi/spec';
import { curl, exchange, open, readBody, readUntil, readUntilClose, start, type Started } from './helpers.js';

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

const echo: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error('unsupported');
  const body = await readBody(receive);
  const info = JSON.stringify({ method: scope.method, path: scope.path, version: scope.httpVersion, scheme: scope.scheme, headers: scope.headers, body: body.toString('latin1') });
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json']] });
  await send({ type: 'http.response.body', body: enc.encode(info) });
};

describe('HTTP/1.1', () => {
  it('answers GET with curl; scope fields', async () => {
    const { port } = await run(echo);
    const r = await curl([`http://127.0.0.1:${port}/a%20b?x=1`]);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({ method: 'GET', path: '/a b', version: '1.1', scheme: 'http', body: '' });
    expect(info.headers[0]).toEqual(['host', `127.0.0.1:${port}`]);
  });

  it('reads a POST body with content-length and with chunked (raw bytes)', async () => {
    const { port } = await run(echo);
    const a = await exchange(port, 'POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello');
    expect(a).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(a).toContain('"body":"hello"');
    const b = await exchange(port, 'POST /p HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n');
    expect(b).toContain('"body":"abcde"');
    const c = await curl(['--data-binary', 'x'.repeat(100_000), '-H', 'Transfer-Encoding: chunked', `http://127.0.0.1:${port}/`]);
    expect(JSON.parse(c.stdout).body).toHaveLength(100_000);
  });

  it('streams a response without content-length as chunked; the head carries no keep-alive header of Node', async () => {
    const { port } = await run(async (_s, _r, send) => {
      await send({ type: 'http.response.start', status: 200, headers: [['x-a', '1']] });
      await send({ type: 'http.response.body', body: enc.encode('ab'), moreBody: true });
      await send({ type: 'http.response.body', body: enc.encode('cd') });
    });
    const reply = await exchange(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    const [first, second] = reply.split(/(?=HTTP\/1\.1 200)/);
    expect(first).toMatch(/transfer-encoding: chunked\r\n/i);
    expect(first).not.toMatch(/keep-alive/i);
    expect(first).toMatch(/\r\n\r\n2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n$/);
    expect(second).toMatch(/Connection: close\r\n/i);
    expect((first!.match(/^date: /gim) ?? []).length).toBe(1);
  });

  it('204 with a body and content-length: neither reaches the wire; a warning is logged once', async () => {
    const { port, logger } = await run(async (_s, _r, send) => {
      await send({ type: 'http.response.start', status: 204, headers: [['content-length', '5']] });
      await send({ type: 'http.response.body', body: enc.encode('null\n') });
    });
    const reply = await exchange(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    const parts = reply.split(/(?=HTTP\/1\.1 204)/);
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      expect(part).not.toMatch(/content-length|transfer-encoding/i);
      expect(part).toMatch(/\r\n\r\n$/);
    }
    expect(logger.lines.filter((l) => l.includes('HTTP-RESP-NOBODY'))).toHaveLength(1);
  });

  it('HEAD: the app content-length is kept, no body bytes', async () => {
    const { port } = await run(async (_s, _r, send) => {
      await send({ type: 'http.response.start', status: 200, headers: [['content-length', '5']] });
      await send({ type: 'http.response.body', body: enc.encode('hello') });
    });
    const reply = await exchange(port, 'HEAD / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    expect(reply).toMatch(/content-length: 5\r\n/i);
    expect(reply).toMatch(/\r\n\r\n$/);
    const r = await curl(['-I', `http://127.0.0.1:${port}/`]);
    expect(r.stdout).toMatch(/content-length: 5/i);
  });

  it('repeated set-cookie survive; request headers keep order, duplicates and latin1 bytes', async () => {
    let seen: HttpScope['headers'] = [];
    const { port } = await run(async (scope, _r, send) => {
      if (scope.type === 'http') seen = scope.headers;
      await send({ type: 'http.response.start', status: 200, headers: [['set-cookie', 'a=1'], ['x-b', 'é'], ['set-cookie', 'b=2']] });
      await send({ type: 'http.response.body' });
    });
    const reply = await exchange(
      port,
      Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: h\r\nX-Dup: 1\r\nAccept: */*\r\nX-Dup: 2\r\nX-Utf8: '), Buffer.from('é', 'utf8'), Buffer.from('\r\nConnection: close\r\n\r\n')]),
    );
    expect(reply).toMatch(/set-cookie: a=1\r\nx-b: \xe9\r\nset-cookie: b=2\r\n/);
    expect(seen).toEqual([['host', 'h'], ['x-dup', '1'], ['accept', '*/*'], ['x-dup', '2'], ['x-utf8', '\u00c3\u00a9'], ['connection', 'close']]);
  });

  it('HTTP/1.0: close-delimited without content-length; content-length kept and closed otherwise', async () => {
    const { port } = await run(async (scope, _r, send) => {
      const withLength = scope.type === 'http' && scope.path === '/len';
      await send({ type: 'http.response.start', status: 200, headers: withLength ? [['content-length', '2']] : [] });
      await send({ type: 'http.response.body', body: enc.encode('ok') });
    });
    const a = await exchange(port, 'GET / HTTP/1.0\r\n\r\n');
    expect(a).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(a).not.toMatch(/content-length|transfer-encoding/i);
    expect(a).toMatch(/\r\n\r\nok$/);
    const b = await exchange(port, 'GET /len HTTP/1.0\r\n\r\n');
    expect(b).toMatch(/content-length: 2\r\n/i);
  });

  it('connection: close from the app closes after the response; the header is sent once', async () => {
    const { port } = await run(async (_s, _r, send) => {
      await send({ type: 'http.response.start', status: 200, headers: [['connection', 'close'], ['content-length', '2']] });
      await send({ type: 'http.response.body', body: enc.encode('ok') });
    });
    const reply = await exchange(port, 'GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(reply.match(/connection: close/gi)).toHaveLength(1);
    expect(reply).toMatch(/\r\n\r\nok$/);
  });

  it.each([
    ['GARBAGE\r\n\r\n', 400],
    ['GET / HTTP/1.1\r\nAccept: */*\r\n\r\n', 400],
    ['GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
    ['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello', 400],
    ['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: x-conformance, chunked\r\n\r\n0\r\n\r\n', 501],
    [`GET /${'a'.repeat(256 * 1024)} HTTP/1.1\r\nHost: h\r\n\r\n`, 414],
    [`GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'b'.repeat(256 * 1024)}\r\n\r\n`, 431],
    ['GET / HTTP/2.0\r\nHost: h\r\n\r\n', 505],
  ])('bad request %# gets %s with connection: close; the app is not called', async (raw, status) => {
    let called = false;
    const { port } = await run(async (scope) => {
      if (scope.type !== 'http') throw new Error('unsupported');
      called = true;
    });
    const reply = await exchange(port, raw);
    expect(reply).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(reply).toMatch(/connection: close/i);
    expect(called).toBe(false);
  });

  it('Expect: 100-continue: 100 only once the app calls receive()', async () => {
    const { port } = await run(echo);
    const socket = await open(port);
    socket.write('POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n');
    await readUntil(socket, (t) => t.includes('100 Continue'));
    const rest = readUntilClose(socket);
    socket.end('hi');
    expect(await rest).toContain('"body":"hi"');
  });

  it('keep-alive: idle connections close after keepAliveTimeout; a silent client after headersTimeout', async () => {
    const { port } = await run(echo, { keepAliveTimeout: 200, headersTimeout: 300 });
    const socket = await open(port);
    const all = readUntilClose(socket, 3000);
    socket.write('GET / HTTP/1.1\r\nHost: h\r\n\r\n');
    expect(await all).toMatch(/^HTTP\/1\.1 200/);
    const silent = await open(port);
    expect(await readUntilClose(silent, 3000)).toBe('');
    const trickle = await open(port);
    const got = readUntilClose(trickle, 3000);
    trickle.write('GET / HT');
    expect(await got).toMatch(/^HTTP\/1\.1 408 /);
  });
});
