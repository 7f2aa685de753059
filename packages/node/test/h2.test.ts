/** HTTP/2 over node:http2: h2c by prior knowledge, h2 and HTTP/1.1 over TLS by ALPN, body rules, repeated fields. */
import { afterEach, describe, expect, it } from 'vitest';
import { constants } from 'node:http2';
import type { Application, HttpScope } from '@tsgi/spec';
import { certPath, curl, exchange, h2, h2request, readBody, start, tls, type Started } from './helpers.js';

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

const noContent: Application = async (scope, _r, send) => {
  if (scope.type !== 'http') throw new Error('unsupported');
  await send({ type: 'http.response.start', status: 204, headers: [['content-length', '5']] });
  await send({ type: 'http.response.body', body: enc.encode('null\n') });
};

describe('h2c by prior knowledge', () => {
  it('node client: GET and POST on one session; scope fields; :authority becomes a leading host', async () => {
    const { port } = await run(echo);
    const session = h2(port);
    const a = await h2request(session, { ':path': '/x?q=1', 'x-a': '1' });
    const info = JSON.parse(a.body.toString());
    expect(info).toMatchObject({ method: 'GET', path: '/x', version: '2', scheme: 'http' });
    expect(info.headers[0]).toEqual(['host', `127.0.0.1:${port}`]);
    expect(info.headers.some(([n]: [string]) => n.startsWith(':'))).toBe(false);
    const b = await h2request(session, { ':path': '/', ':method': 'POST' }, 'y'.repeat(200_000));
    expect(JSON.parse(b.body.toString()).body).toHaveLength(200_000);
    session.close();
  });

  it('curl --http2-prior-knowledge, and HTTP/1.1 still works on the same port', async () => {
    const { port } = await run(echo);
    const r = await curl(['--http2-prior-knowledge', '-d', 'hi', `http://127.0.0.1:${port}/c`]);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: '2', body: 'hi', method: 'POST' });
    const h1 = await curl([`http://127.0.0.1:${port}/c`]);
    expect(JSON.parse(h1.stdout)).toMatchObject({ version: '1.1' });
  });

  it('Upgrade: h2c is answered as plain HTTP/1.1', async () => {
    const { port } = await run(echo);
    const reply = await exchange(port, 'GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('204 with body and content-length: HEADERS with END_STREAM, no content-length', async () => {
    const { port } = await run(noContent);
    const session = h2(port);
    const r = await h2request(session, { ':path': '/' });
    expect(r.headers[':status']).toBe(204);
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.body.byteLength).toBe(0);
    session.close();
    const c = await curl(['--http2-prior-knowledge', '-i', `http://127.0.0.1:${port}/`]);
    expect(c.stdout).toMatch(/^HTTP\/2 204/);
    expect(c.stdout).not.toMatch(/content-length/i);
  });

  it('HEAD keeps content-length and sends no DATA; a streamed HEAD body is dropped', async () => {
    const { port } = await run(async (scope, _r, send) => {
      if (scope.type !== 'http') throw new Error('unsupported');
      await send({ type: 'http.response.start', status: 200, headers: [['content-length', '4']] });
      await send({ type: 'http.response.body', body: enc.encode('ab'), moreBody: true });
      await send({ type: 'http.response.body', body: enc.encode('cd') });
    });
    const session = h2(port);
    const r = await h2request(session, { ':path': '/', ':method': 'HEAD' });
    expect(r.headers['content-length']).toBe('4');
    expect(r.body.byteLength).toBe(0);
    const g = await h2request(session, { ':path': '/' });
    expect(g.body.toString()).toBe('abcd');
    session.close();
  });

  it('set-cookie twice and latin1 values survive; repeated request fields keep order', async () => {
    let seen: HttpScope['headers'] = [];
    const { port } = await run(async (scope, _r, send) => {
      if (scope.type !== 'http') throw new Error('unsupported');
      seen = scope.headers;
      await send({ type: 'http.response.start', status: 200, headers: [['set-cookie', 'a=1'], ['x-b', '\u00e9'], ['set-cookie', 'b=2']] });
      await send({ type: 'http.response.body' });
    });
    const session = h2(port);
    const r = await h2request(session, { ':path': '/', cookie: ['c=1', 'd=2'], 'x-dup': ['1', '2'], 'x-u': Buffer.from('é').toString('latin1') });
    const fields = r.rawHeaders.filter((_, i) => i % 2 === 0 && !r.rawHeaders[i]!.startsWith(':') && r.rawHeaders[i] !== 'date');
    expect(fields).toEqual(['set-cookie', 'x-b', 'set-cookie']); // each value its own field, in the app's order
    const cookies = r.rawHeaders.filter((_, i) => r.rawHeaders[i - 1] === 'set-cookie');
    expect(cookies).toEqual(['a=1', 'b=2']);
    expect(r.headers['x-b']).toBe('\u00e9');
    expect(seen.filter(([n]) => n === 'cookie')).toEqual([['cookie', 'c=1'], ['cookie', 'd=2']]);
    expect(seen.filter(([n]) => n === 'x-dup')).toEqual([['x-dup', '1'], ['x-dup', '2']]);
    expect(seen.find(([n]) => n === 'x-u')).toEqual(['x-u', '\u00c3\u00a9']);
    session.close();
  });

  it('app throws before start: 500; after start: RST_STREAM INTERNAL_ERROR, other streams go on', async () => {
    const { port, logger } = await run(async (scope, _r, send) => {
      if (scope.type !== 'http') throw new Error('unsupported');
      if (scope.path === '/before') throw new Error('boom');
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: enc.encode('partial'), moreBody: true });
      if (scope.path === '/after') throw new Error('late boom');
      await send({ type: 'http.response.body', body: enc.encode('!') });
    });
    const session = h2(port);
    const before = await h2request(session, { ':path': '/before' });
    expect(before.headers[':status']).toBe(500);
    expect(before.body.toString()).toBe('Internal Server Error');
    const after = await new Promise<number>((resolve) => {
      const req = session.request({ ':path': '/after' }, { endStream: true });
      req.on('data', () => {});
      req.on('error', () => {});
      req.on('close', () => resolve(req.rstCode));
    });
    expect(after).toBe(constants.NGHTTP2_INTERNAL_ERROR);
    const ok = await h2request(session, { ':path': '/ok' });
    expect(ok.body.toString()).toBe('partial!');
    expect(logger.lines.some((l) => l.startsWith('error app failed during the response'))).toBe(true);
    session.close();
  });
});

describe('TLS', () => {
  it('h2 by ALPN with node client and curl; scheme https', async () => {
    const { port } = await run(echo, { tls });
    const session = h2(port, true);
    const r = await h2request(session, { ':path': '/t' });
    expect(JSON.parse(r.body.toString())).toMatchObject({ version: '2', scheme: 'https' });
    session.close();
    const c = await curl(['--cacert', certPath, '--http2', '--resolve', `localhost:${port}:127.0.0.1`, `https://localhost:${port}/t`]);
    expect(JSON.parse(c.stdout)).toMatchObject({ version: '2', scheme: 'https' });
  });

  it('HTTP/1.1 by ALPN http/1.1 (curl --http1.1); 204 rule on both', async () => {
    const { port } = await run(echo, { tls });
    const c = await curl(['--cacert', certPath, '--http1.1', '--resolve', `localhost:${port}:127.0.0.1`, `https://localhost:${port}/t`]);
    expect(JSON.parse(c.stdout)).toMatchObject({ version: '1.1', scheme: 'https' });
    await current!.server.close();
    const { port: p2 } = await run(noContent, { tls });
    for (const flag of ['--http1.1', '--http2']) {
      const r = await curl(['--cacert', certPath, flag, '-i', '--resolve', `localhost:${p2}:127.0.0.1`, `https://localhost:${p2}/`]);
      expect(r.stdout).toMatch(/^HTTP\/(1\.1|2) 204/);
      expect(r.stdout).not.toMatch(/content-length/i);
    }
  });

  it('set-cookie twice over TLS HTTP/1.1', async () => {
    const { port } = await run(async (scope, _r, send) => {
      if (scope.type !== 'http') throw new Error('unsupported');
      await send({ type: 'http.response.start', status: 200, headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2']] });
      await send({ type: 'http.response.body' });
    }, { tls });
    const r = await curl(['--cacert', certPath, '--http1.1', '-i', '--resolve', `localhost:${port}:127.0.0.1`, `https://localhost:${port}/`]);
    expect(r.stdout).toMatch(/set-cookie: a=1\r\nset-cookie: b=2\r\n/);
  });
});
