/**
 * @module Protocol selection (spec: SERVER-H2-SELECT): ALPN over TLS (h2 preferred, then http/1.1), h2c by prior
 * knowledge on cleartext, and `Upgrade: h2c` answered as plain HTTP/1.1.
 */
import type { TLSSocket } from 'node:tls';
import { expect } from 'vitest';
import { openSocket, RawH1Client } from '../clients/raw-h1.js';
import { FrameType, field } from '../clients/raw-h2.js';
import { echoScopeApp } from '../probes/basic.js';
import type { CaseGroup, ConformanceCase, Started, TlsOrigin } from '../types.js';
import { sleep, withTimeout } from '../util.js';
import { get, json } from './helpers.js';
import { h2Request } from './h2.case.js';

/** What ALPN selects for `offer`; the connection is then closed politely (see the next scenario for abrupt). */
async function alpn(server: Started, offer: string[]): Promise<{ selected: string | false | null; version: string | null }> {
  const tls = server.origin as TlsOrigin;
  const socket = (await openSocket(tls.host, tls.port, { tls: { ca: tls.ca, alpn: offer } })) as TLSSocket;
  const result = { selected: socket.alpnProtocol, version: socket.getProtocol() };
  await sleep(20);
  socket.end();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
  return result;
}

const cases: ConformanceCase[] = [
  {
    name: 'TLS: a client offering h2 and http/1.1 gets h2 by ALPN, on TLS 1.2 or later',
    ids: ['SERVER-H2-SELECT'],
    protocols: ['h2'],
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const { selected, version } = await alpn(server, ['h2', 'http/1.1']);
      expect(selected).toBe('h2');
      expect(['TLSv1.2', 'TLSv1.3']).toContain(version);
      expect(await alpn(server, ['http/1.1', 'h2']).then((r) => r.selected), 'h2 preferred whatever the client order').toBe('h2');
    },
  },
  {
    name: 'TLS: a client offering only http/1.1 (or no ALPN) is served HTTP/1.1',
    ids: ['SERVER-H2-SELECT'],
    protocols: ['h1-tls'],
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      expect((await alpn(server, ['http/1.1'])).selected).toBe('http/1.1');
      expect(json(await server.request(get('/'))).httpVersion).toBe('1.1');
      const tls = server.origin as TlsOrigin;
      const bare = await RawH1Client.connect(tls.host, tls.port, { tls: { ca: tls.ca, alpn: [] } });
      try {
        await bare.write(get('/'));
        const response = await bare.readResponse();
        expect(response.httpVersion).toBe('1.1');
        expect(json(response).scheme).toBe('https');
      } finally {
        bare.destroy();
      }
    },
  },
  {
    name: 'cleartext: a connection opening with the HTTP/2 preface is served HTTP/2 (h2c by prior knowledge)',
    ids: ['SERVER-H2-SELECT'],
    protocols: ['h2c'],
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const client = await server.rawH2();
      const first = await client.waitFor(() => true, 3_000, 'the server preface');
      expect(first.type, 'the server preface starts with SETTINGS').toBe(FrameType.SETTINGS);
      client.request(1, h2Request(ctx.protocol, '/'));
      const r = await client.response(1);
      expect(field(r.heads[0] ?? [], ':status')).toBe('200');
      expect(json({ status: 200, body: r.body }).httpVersion).toBe('2');
    },
  },
  {
    name: 'cleartext: "Upgrade: h2c" is not acted on; the request is answered as plain HTTP/1.1',
    ids: ['SERVER-H2-SELECT'],
    protocols: ['h1'],
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const client = await server.connect();
      await client.write(get('/', { headers: [['Connection', 'Upgrade, HTTP2-Settings'], ['Upgrade', 'h2c'], ['HTTP2-Settings', 'AAMAAABkAARAAAAAAAIAAAAA']] }));
      const response = await client.readResponse({ stopAtInformational: true });
      expect(response.status, 'no 101 Switching Protocols').toBe(200);
      expect(response.httpVersion).toBe('1.1');
      expect(json(response).httpVersion).toBe('1.1');
      await client.write(get('/again'));
      const next = await client.readResponse();
      expect(next.httpVersion, 'the connection stays HTTP/1.1').toBe('1.1');
      expect(json(next).path).toBe('/again');
    },
  },
  {
    name: 'TLS: close() completes when a client went right after its handshake, before any request',
    ids: ['SERVER-SHUTDOWN-GRACEFUL'],
    protocols: ['h1-tls', 'h2'],
    async run(ctx) {
      const server = await ctx.start(echoScopeApp(), { shutdownTimeout: 2_000 });
      const tls = server.origin as TlsOrigin;
      const socket = await openSocket(tls.host, tls.port, { tls: { ca: tls.ca, alpn: [ctx.protocol === 'h2' ? 'h2' : 'http/1.1'] } });
      socket.destroy(); // at once, on secureConnect
      await sleep(50);
      await withTimeout(server.close(), 4_000, 'close() with no request in flight (shutdownTimeout 2000 ms)');
    },
  },
];

/** Protocol selection scenarios. */
export const selectionCases: CaseGroup = { topic: 'protocol selection', cases };
