/**
 * The hello app on both servers and every protocol, with the same assertions, under the validator: the app moves
 * between servers unchanged (issue: swap servers).
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:http2';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve as serveNode } from '@tsgi/node';
import { serve as serveReference, silentLogger, type Server } from '@tsgi/server';
import { validate, type ValidationError } from '@tsgi/validator';
import { app } from '../src/app.js';

const certs = new URL('../../server/test/fixtures/certs/', import.meta.url);
const cert = readFileSync(new URL('cert.pem', certs), 'utf8');
const key = readFileSync(new URL('key.pem', certs), 'utf8');

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function h1(port: number, method: string, tls: boolean, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = tls ? httpsRequest : httpRequest;
    const req = request({ host: '127.0.0.1', port, method, path: '/any/path', ca: cert, servername: 'localhost' }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function h2(port: number, method: string, tls: boolean, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const session = tls ? connect(`https://localhost:${port}`, { ca: cert }) : connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const req = session.request({ ':method': method, ':path': '/any/path' });
    let headers: Record<string, string | string[] | undefined> = {};
    let text = '';
    req.setEncoding('utf8');
    req.on('response', (h) => (headers = h as typeof headers));
    req.on('data', (c: string) => (text += c));
    req.on('end', () => {
      session.close();
      resolve({ status: Number(headers[':status']), headers, body: text });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const PROTOCOLS = [
  ['HTTP/1.1', (s: Ports) => (m: string, b?: string) => h1(s.plain, m, false, b)],
  ['HTTP/1.1 over TLS', (s: Ports) => (m: string, b?: string) => h1(s.tls, m, true, b)],
  ['h2c', (s: Ports) => (m: string, b?: string) => h2(s.plain, m, false, b)],
  ['h2 over TLS', (s: Ports) => (m: string, b?: string) => h2(s.tls, m, true, b)],
] as const;

interface Ports { plain: number; tls: number }

describe.each([
  ['reference', serveReference],
  ['node', serveNode],
] as const)('the hello app on the %s server', (_name, serve) => {
  const violations: ValidationError[] = [];
  let server: Server;
  const ports: Ports = { plain: 0, tls: 0 };
  beforeAll(async () => {
    server = await serve(validate(app, { onViolation: (v) => violations.push(v) }), {
      listen: [{ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: 0, tls: { cert, key } }],
      logger: silentLogger,
    });
    ports.plain = server.addresses[0]!.port;
    ports.tls = server.addresses[1]!.port;
  });
  afterAll(async () => {
    await server.close();
    expect(violations.map((v) => v.message)).toEqual([]); // neither side broke the spec
  });

  describe.each(PROTOCOLS)('over %s', (_protocol, client) => {
    it('GET: 200 Hello, World as text/plain', async () => {
      const reply = await client(ports)('GET');
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(reply.headers['content-length']).toBe('12');
      expect(reply.body).toBe('Hello, World');
    });
    it('POST with a body: the same answer', async () => {
      const reply = await client(ports)('POST', 'x'.repeat(100_000));
      expect(reply.status).toBe(200);
      expect(reply.body).toBe('Hello, World');
    });
    it('HEAD: the same headers, no body', async () => {
      const reply = await client(ports)('HEAD');
      expect(reply.status).toBe(200);
      expect(reply.headers['content-length']).toBe('12');
      expect(reply.body).toBe('');
    });
  });
});
