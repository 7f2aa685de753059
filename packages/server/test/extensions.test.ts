import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application, Extensions } from '@tsgi/spec';
import type { Server } from '../src/index.js';
import { exchange, readBody, start } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tsgi-ext-'));
const file = join(dir, 'data.bin');
const content = Buffer.alloc(300_000);
for (let i = 0; i < content.length; i++) content[i] = (i * 7) % 256;
writeFileSync(file, content);
const enc = new TextEncoder();
const seen: Extensions[] = [];

const app: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error('http only');
  await readBody(receive);
  seen.push(scope.extensions);
  const q = new URLSearchParams(scope.queryString);
  switch (scope.path) {
    case '/trailers':
      await send({ type: 'http.response.start', status: 200, headers: [['trailer', 'x-digest']], trailers: true });
      await send({ type: 'http.response.body', body: enc.encode('body'), moreBody: true });
      await send({ type: 'http.response.body' });
      await send({ type: 'http.response.trailers', headers: [['x-digest', 'abc']] });
      return;
    case '/hints':
      await send({ type: 'http.response.earlyHints', headers: [['link', '</style.css>; rel=preload; as=style']] });
      await send({ type: 'http.response.start', status: 200, headers: [['content-length', '5']] });
      await send({ type: 'http.response.body', body: enc.encode('hints') });
      return;
    case '/file': {
      const offset = Number(q.get('offset') ?? 0);
      const length = q.has('length') ? Number(q.get('length')) : content.length - offset;
      await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(length)]] });
      await send({ type: 'http.response.pathsend', path: q.get('path') ?? file, offset, length });
      return;
    }
    default:
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: enc.encode(JSON.stringify(Object.keys(scope.extensions).sort())) });
  }
};

let server: Server;
let port: number;
beforeAll(async () => {
  const s = await start(app);
  server = s.server;
  port = s.port;
});
afterAll(() => server.close());

function h2(): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const s = connect(`http://127.0.0.1:${port}`);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

function h2Get(s: ClientHttp2Session, path: string, method = 'GET') {
  return new Promise<{ informational: IncomingHttpHeaders[]; headers: IncomingHttpHeaders; trailers: IncomingHttpHeaders | null; body: Buffer }>((resolve, reject) => {
    const req = s.request({ ':path': path, ':method': method });
    const informational: IncomingHttpHeaders[] = [];
    let headers: IncomingHttpHeaders = {};
    let trailers: IncomingHttpHeaders | null = null;
    const chunks: Buffer[] = [];
    req.on('headers', (h) => informational.push(h));
    req.on('response', (h) => (headers = h));
    req.on('trailers', (t) => (trailers = t));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve({ informational, headers, trailers, body: Buffer.concat(chunks) }));
    req.on('error', reject);
    req.end();
  });
}

describe('which extensions are advertised (spec EXT-TRAILERS-ADVERTISED, EXT-EARLYHINTS-ADVERTISED)', () => {
  it.each([
    ['HTTP/1.1 without te', 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', ['http.response.earlyHints', 'http.response.pathsend']],
    ['HTTP/1.1 with te: trailers', 'GET / HTTP/1.1\r\nHost: a\r\nTE: trailers\r\nConnection: close\r\n\r\n', ['http.response.earlyHints', 'http.response.pathsend', 'http.response.trailers']],
    ['HTTP/1.0', 'GET / HTTP/1.0\r\n\r\n', ['http.response.pathsend']],
  ])('%s', async (_name, request, expected) => {
    const reply = await exchange(port, request);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4).replace(/^[0-9a-f]+\r\n|\r\n0\r\n\r\n$/g, ''))).toEqual(expected);
  });
});

describe('trailers (spec EXT-TRAILERS-*)', () => {
  it('HTTP/1.1: sent in the chunked trailer section when the request said TE: trailers', async () => {
    const reply = await exchange(port, 'GET /trailers HTTP/1.1\r\nHost: a\r\nTE: trailers\r\nConnection: close\r\n\r\n');
    expect(reply.toLowerCase()).toContain('transfer-encoding: chunked');
    expect(reply.endsWith('4\r\nbody\r\n0\r\nx-digest: abc\r\n\r\n')).toBe(true);
  });
  it('HTTP/2: a final HEADERS frame', async () => {
    const s = await h2();
    const r = await h2Get(s, '/trailers');
    s.close();
    expect(r.body.toString()).toBe('body');
    expect(r.trailers).toMatchObject({ 'x-digest': 'abc' });
  });
});

describe('early hints (spec EXT-EARLYHINTS-*)', () => {
  it('HTTP/1.1: a 103 before the final response', async () => {
    const reply = await exchange(port, 'GET /hints HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 103 Early Hints\r\nlink: <\/style\.css>; rel=preload; as=style\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    expect(reply.endsWith('hints')).toBe(true);
  });
  it('HTTP/2: HEADERS with :status 103, then the response', async () => {
    const s = await h2();
    const r = await h2Get(s, '/hints');
    s.close();
    expect(r.informational[0]).toMatchObject({ ':status': 103, link: '</style.css>; rel=preload; as=style' });
    expect(r.headers[':status']).toBe(200);
    expect(r.body.toString()).toBe('hints');
  });
});

describe('path send (spec EXT-PATHSEND-*)', () => {
  it('HTTP/1.1: the whole file', async () => {
    const reply = Buffer.from(await exchange(port, 'GET /file HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n'), 'latin1');
    const body = reply.subarray(reply.indexOf('\r\n\r\n') + 4);
    expect(body.equals(content)).toBe(true);
  });
  it('HTTP/2: a range by offset and length', async () => {
    const s = await h2();
    const r = await h2Get(s, '/file?offset=1000&length=70000');
    s.close();
    expect(r.body.equals(content.subarray(1000, 71000))).toBe(true);
  });
  it('HEAD: the headers and no bytes of the file', async () => {
    const s = await h2();
    const r = await h2Get(s, '/file', 'HEAD');
    s.close();
    expect(r.headers['content-length']).toBe(String(content.length));
    expect(r.body.length).toBe(0);
  });
  it('a file that cannot be opened makes send() reject before anything is on the wire: a clean 500', async () => {
    const reply = await exchange(port, `GET /file?path=${encodeURIComponent(join(dir, 'missing'))}&length=1 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
    expect(reply).toMatch(/^HTTP\/1\.1 500 /);
  });
});
