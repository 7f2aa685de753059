import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '@tsgi/spec';
import type { Server } from '../src/index.js';
import { readBody, start } from './helpers.js';

const cert = readFileSync(new URL('./fixtures/certs/cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('./fixtures/certs/key.pem', import.meta.url), 'utf8');
const enc = new TextEncoder();
const MiB = 1024 * 1024;

const app: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error('http only');
  const body = await readBody(receive);
  switch (scope.path) {
    case '/scope': {
      const out = enc.encode(JSON.stringify({ httpVersion: scope.httpVersion, scheme: scope.scheme, headers: scope.headers, method: scope.method, path: scope.path, queryString: scope.queryString }));
      await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json']] });
      await send({ type: 'http.response.body', body: out });
      return;
    }
    case '/204':
      await send({ type: 'http.response.start', status: 204, headers: [['content-type', 'application/json'], ['content-length', '4'], ['connection', 'keep-alive']] });
      await send({ type: 'http.response.body', body: enc.encode('null') });
      return;
    case '/echo':
      await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(body.length)]] });
      await send({ type: 'http.response.body', body });
      return;
    case '/big': {
      const chunk = new Uint8Array(MiB).fill(0x62);
      await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(8 * MiB)]] });
      for (let i = 0; i < 8; i++) await send({ type: 'http.response.body', body: chunk, moreBody: i < 7 });
      return;
    }
    case '/fail-late':
      await send({ type: 'http.response.start', status: 200 });
      await send({ type: 'http.response.body', body: enc.encode('partial'), moreBody: true });
      throw new Error('late failure');
    case '/cookies':
      await send({ type: 'http.response.start', status: 200, headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2']] });
      await send({ type: 'http.response.body' });
      return;
    default:
      await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
      await send({ type: 'http.response.body', body: enc.encode('Hello, World') });
  }
};

let server: Server;
let plain: number;
let secure: number;
beforeAll(async () => {
  const s = await start(app, { listen: [{ port: 0 }, { port: 0, tls: { cert, key } }] });
  server = s.server;
  plain = s.server.addresses[0]!.port;
  secure = s.server.addresses[1]!.port;
});
afterAll(() => server.close());

function session(tls: boolean): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const s = tls
      ? connect(`https://localhost:${secure}`, { ca: cert })
      : connect(`http://127.0.0.1:${plain}`);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

interface Reply { headers: IncomingHttpHeaders; body: Buffer; rstCode?: number }

function request(s: ClientHttp2Session, path: string, options: { method?: string; body?: Uint8Array } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = s.request({ ':path': path, ':method': options.method ?? (options.body ? 'POST' : 'GET') });
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', (h) => (headers = h));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('close', () => resolve({ headers, body: Buffer.concat(chunks), rstCode: req.rstCode }));
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ERR_HTTP2_STREAM_ERROR' ? undefined : reject(e)));
    req.end(options.body);
  });
}

describe.each([
  ['h2c by prior knowledge', false],
  ['h2 over TLS (ALPN)', true],
])('HTTP/2: %s', (_name, tls) => {
  it('builds the scope like HTTP/1.1, with :authority as host (spec HTTP-SCOPE-*)', async () => {
    const s = await session(tls);
    const reply = await request(s, '/scope?x=1');
    s.close();
    expect(reply.headers[':status']).toBe(200);
    const scope = JSON.parse(reply.body.toString());
    expect(scope).toMatchObject({ httpVersion: '2', scheme: tls ? 'https' : 'http', method: 'GET', path: '/scope', queryString: 'x=1' });
    expect(scope.headers[0]).toEqual(['host', tls ? `localhost:${secure}` : `127.0.0.1:${plain}`]);
  });

  it('answers the 204-with-body app with a valid 204: no content-length, no DATA (spec HTTP-RESP-NOBODY, seed 000)', async () => {
    const s = await session(tls);
    const reply = await request(s, '/204');
    s.close();
    expect(reply.headers[':status']).toBe(204);
    expect(reply.headers['content-length']).toBeUndefined();
    expect(reply.headers['connection']).toBeUndefined();
    expect(reply.body.length).toBe(0);
  });

  it('serves 100 concurrent streams on one connection', async () => {
    const s = await session(tls);
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => request(s, `/n${i}`)));
    s.close();
    expect(replies.every((r) => Number(r.headers[':status']) === 200 && r.body.toString() === 'Hello, World')).toBe(true);
  });

  it('takes an 8 MiB upload and sends an 8 MiB download across flow-control windows', async () => {
    const s = await session(tls);
    const upload = new Uint8Array(8 * MiB).map((_, i) => i % 251);
    const [echo, big] = await Promise.all([request(s, '/echo', { body: upload }), request(s, '/big')]);
    s.close();
    expect(echo.body.length).toBe(upload.length);
    expect(echo.body.equals(Buffer.from(upload))).toBe(true);
    expect(big.body.length).toBe(8 * MiB);
  });

  it('an app failure after the start resets only its stream (spec APP-ERROR-AFTER-START)', async () => {
    const s = await session(tls);
    const [failed, fine] = await Promise.all([request(s, '/fail-late'), request(s, '/')]);
    s.close();
    expect(failed.rstCode).toBe(constants.NGHTTP2_INTERNAL_ERROR);
    expect(fine.body.toString()).toBe('Hello, World');
  });

  it('keeps repeated set-cookie fields', async () => {
    const s = await session(tls);
    const reply = await request(s, '/cookies');
    s.close();
    expect(reply.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });
});

describe('HTTP/2 interop with curl', () => {
  const run = promisify(execFile);
  it('curl --http2-prior-knowledge', async () => {
    const { stdout } = await run('curl', ['-sS', '-i', '--http2-prior-knowledge', `http://127.0.0.1:${plain}/`]);
    expect(stdout).toMatch(/^HTTP\/2 200/);
    expect(stdout.endsWith('Hello, World')).toBe(true);
  });
  it('curl --http2 over TLS negotiates h2 by ALPN', async () => {
    const certPath = new URL('./fixtures/certs/cert.pem', import.meta.url).pathname;
    const { stdout } = await run('curl', ['-sS', '-i', '--http2', '--cacert', certPath, `https://localhost:${secure}/`]);
    expect(stdout).toMatch(/^HTTP\/2 200/);
  });
  it('curl --http1.1 over TLS still gets HTTP/1.1', async () => {
    const certPath = new URL('./fixtures/certs/cert.pem', import.meta.url).pathname;
    const { stdout } = await run('curl', ['-sS', '-i', '--http1.1', '--cacert', certPath, `https://localhost:${secure}/`]);
    expect(stdout).toMatch(/^HTTP\/1\.1 200/);
  });
});
