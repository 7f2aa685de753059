import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '@tsgi/spec';
import type { Server } from '../src/index.js';
import { start } from './helpers.js';

const cert = readFileSync(new URL('./fixtures/certs/cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('./fixtures/certs/key.pem', import.meta.url), 'utf8');

const app: Application = async (scope, _receive, send) => {
  if (scope.type !== 'http') throw new Error('http only');
  const body = new TextEncoder().encode(JSON.stringify({ scheme: scope.scheme, httpVersion: scope.httpVersion }));
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json']] });
  await send({ type: 'http.response.body', body });
};

let server: Server;
let port: number;
beforeAll(async () => {
  const s = await start(app, { tls: { cert, key } });
  server = s.server;
  port = s.port;
});
afterAll(() => server.close());

function get(): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', ca: cert, servername: 'localhost' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS (HTTP/1.1 over TLS)', () => {
  it('serves with scheme "https" (spec HTTP-SCOPE-SCHEME)', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ scheme: 'https', httpVersion: '1.1' });
  });

  it('negotiates http/1.1 by ALPN', async () => {
    const protocol = await new Promise<string | false | null>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: cert, servername: 'localhost', ALPNProtocols: ['http/1.1'] }, () => {
        resolve(socket.alpnProtocol);
        socket.end();
      });
      socket.on('error', reject);
    });
    expect(protocol).toBe('http/1.1');
  });

  it('refuses TLS below 1.2', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca: cert, servername: 'localhost', maxVersion: 'TLSv1.1', minVersion: 'TLSv1' }, () => {
        resolve('connected');
        socket.end();
      });
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(outcome).not.toBe('connected');
  });
});
