import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect as tcpConnect, createServer } from 'node:net';
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

describe('TLS connections before the handshake (transport/first-bytes.ts)', () => {
  it('completes a handshake whose ClientHello arrives a few bytes at a time', async () => {
    // A relay that forwards the client's bytes to the server in 7-byte pieces with a pause between: the listener
    // hands the socket to TLS after the first piece, and the rest must follow through the TLS layer's own reads.
    const relay = createServer((client) => {
      const upstream = tcpConnect(port, '127.0.0.1');
      client.on('data', (chunk: Buffer) => {
        client.pause();
        void (async () => {
          for (let i = 0; i < chunk.byteLength; i += 7) {
            upstream.write(chunk.subarray(i, i + 7));
            await new Promise((r) => setTimeout(r, 1));
          }
          client.resume();
        })();
      });
      upstream.pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    const relayPort = (relay.address() as { port: number }).port;
    try {
      const protocol = await new Promise<string | false | null>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: relayPort, ca: cert, servername: 'localhost', ALPNProtocols: ['h2'] }, () => {
          resolve(socket.alpnProtocol);
          socket.end();
        });
        socket.on('error', reject);
      });
      expect(protocol).toBe('h2');
    } finally {
      relay.close();
    }
  });

  it('closes a connection that sends nothing within headersTimeout', async () => {
    const s = await start(app, { tls: { cert, key }, headersTimeout: 200 });
    try {
      const began = Date.now();
      await new Promise<void>((resolve, reject) => {
        const socket = tcpConnect(s.port, '127.0.0.1');
        socket.on('error', reject);
        socket.on('close', () => resolve());
        socket.resume();
      });
      expect(Date.now() - began).toBeLessThan(3000);
    } finally {
      await s.server.close();
    }
  });
});
