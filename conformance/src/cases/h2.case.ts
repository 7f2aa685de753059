/**
 * @module HTTP/2 scenarios that must see exact frames (a frame-level client; node's client hides them): END_STREAM
 * on HEADERS with no DATA, the exact header fields both ways, deferred HEADERS, concurrent streams.
 */
import { expect } from 'vitest';
import type { Application } from '@tsgi/spec';
import { FrameType, field, type RawH2Client } from '../clients/raw-h2.js';
import { echoScopeApp, fixedResponseApp, httpOnly, respond, type FixedResponse } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import { isTls, type CaseGroup, type ConformanceCase, type Protocol } from '../types.js';
import { Gate, text, withTimeout } from '../util.js';
import { H2, json } from './helpers.js';

/** Request pseudo-headers for `path` on this protocol, then `extra`. */
export function h2Request(protocol: Protocol, path: string, extra: ReadonlyArray<readonly [string, string]> = [], method = 'GET'): Array<[string, string]> {
  return [[':method', method], [':scheme', isTls(protocol) ? 'https' : 'http'], [':path', path], [':authority', 'conformance.test'],
    ...extra.map(([n, v]) => [n, v] as [string, string])];
}

/** Reads a stream's answer as a JSON object (status 200 required). */
async function streamJson<T>(client: RawH2Client, streamId: number): Promise<T> {
  const r = await client.response(streamId);
  return json<T>({ status: Number(field(r.heads[0] ?? [], ':status')), body: r.body });
}

/** Routes by path to fixed responses. */
function fixedByPath(routes: Record<string, FixedResponse>): Application {
  const apps = Object.fromEntries(Object.entries(routes).map(([path, r]) => [path, fixedResponseApp(r)]));
  return httpOnly(async (scope, receive, send) => {
    const app = apps[scope.path];
    if (app) return app(scope, receive, send);
    await respond(send, 200, 'next');
  });
}

const CONNECTION_SPECIFIC = ['transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'upgrade'];

const cases: ConformanceCase[] = [
  {
    name: 'HTTP/2: 204, 304 and HEAD answers are one HEADERS frame with END_STREAM and no DATA; 204 has no content-length',
    ids: ['HTTP-RESP-NOBODY', 'HTTP-RESP-304', 'HTTP-RESP-HEAD'],
    protocols: H2,
    async run(ctx) {
      const withBody = (status: number): FixedResponse => ({ status, headers: [['content-length', '5']], chunks: ['hello'] });
      const server = await ctx.start(fixedByPath({ '/204': withBody(204), '/304': withBody(304), '/head': withBody(200) }));
      const client = await server.rawH2();
      client.request(1, h2Request(ctx.protocol, '/204'));
      client.request(3, h2Request(ctx.protocol, '/304'));
      client.request(5, h2Request(ctx.protocol, '/head', [], 'HEAD'));
      const expected: Array<[number, string, string | undefined]> = [[1, '204', undefined], [3, '304', '5'], [5, '200', '5']];
      for (const [id, status, length] of expected) {
        const r = await client.response(id);
        const head = r.heads[0] ?? [];
        expect(field(head, ':status'), `stream ${id}`).toBe(status);
        expect(r.endStreamOnHeaders, `stream ${id}: END_STREAM on the HEADERS frame`).toBe(true);
        expect(r.dataFrames, `stream ${id}: DATA frames`).toBe(0);
        expect(r.resetCode, `stream ${id}: RST_STREAM`).toBeNull();
        expect(field(head, 'content-length'), `stream ${id}: content-length`).toBe(length);
        expect(field(head, 'transfer-encoding')).toBeUndefined();
      }
    },
  },
  {
    name: 'HTTP/2: no connection-specific field is sent; a body without content-length is DATA ended by END_STREAM; "connection: close" has no effect',
    ids: ['HTTP-RESP-FRAMING'],
    protocols: H2,
    async run(ctx) {
      const headers: [string, string][] = [['transfer-encoding', 'chunked'], ['connection', 'close'], ['keep-alive', 'timeout=5'],
        ['proxy-connection', 'keep-alive'], ['upgrade', 'h2c'], ['x-kept', 'yes']];
      const server = await ctx.start(fixedByPath({ '/probe': { status: 200, headers, chunks: ['abc', 'def'] } }));
      const client = await server.rawH2();
      client.request(1, h2Request(ctx.protocol, '/probe'));
      const r = await client.response(1);
      const head = r.heads[0] ?? [];
      for (const name of CONNECTION_SPECIFIC) expect(field(head, name), name).toBeUndefined();
      expect(field(head, 'x-kept')).toBe('yes');
      expect(r.endStreamOnHeaders).toBe(false);
      expect(r.resetCode).toBeNull();
      expect(text(r.body)).toBe('abcdef');
      client.request(3, h2Request(ctx.protocol, '/next'));
      expect(text((await client.response(3)).body), 'the connection stays open after "connection: close"').toBe('next');
      expect(client.frames.some((f) => f.type === FrameType.GOAWAY), 'no GOAWAY').toBe(false);
    },
  },
  {
    name: 'HTTP/2 request headers: :authority becomes a leading host; no pseudo-headers; duplicates and split cookies kept in order; byte-string values',
    ids: ['HTTP-SCOPE-HEADERS', 'HTTP-HEADERS-ORDER', 'HTTP-HEADERS-BYTES'],
    protocols: H2,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const client = await server.rawH2();
      const sent: Array<[string, string]> = [['x-dup', '1'], ['cookie', 'a=1'], ['accept', '*/*'], ['x-dup', '2'], ['cookie', 'b=2'],
        ['x-latin1', 'caf\xe9'], ['x-utf8', 'caf\xc3\xa9']];
      client.request(1, h2Request(ctx.protocol, '/', sent));
      const scope = await streamJson<{ headers: [string, string][] }>(client, 1);
      expect(scope.headers).toEqual([['host', 'conformance.test'], ...sent]);
      const withHost: Array<[string, string]> = [[':method', 'GET'], [':scheme', isTls(ctx.protocol) ? 'https' : 'http'], [':path', '/'], ['host', 'h.test'], ['x-a', '1']];
      client.request(3, withHost);
      expect((await streamJson<{ headers: [string, string][] }>(client, 3)).headers, 'no host added when the request has one').toEqual([['host', 'h.test'], ['x-a', '1']]);
    },
  },
  {
    name: 'HTTP/2: the :scheme pseudo-header does not change scope.scheme',
    ids: ['HTTP-SCOPE-SCHEME'],
    protocols: H2,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const client = await server.rawH2();
      const actual = isTls(ctx.protocol) ? 'https' : 'http';
      const claimed = actual === 'https' ? 'http' : 'https';
      client.request(1, [[':method', 'GET'], [':scheme', claimed], [':path', '/'], [':authority', 'conformance.test']]);
      expect((await streamJson<{ scheme: string }>(client, 1)).scheme).toBe(actual);
    },
  },
  {
    name: 'HTTP/2: no HEADERS frame for http.response.start until the first body message',
    ids: ['HTTP-START-DEFER'],
    protocols: H2,
    async run(ctx) {
      const gate = new Gate();
      const started = new Recorder<string>();
      const server = await ctx.start(httpOnly(async (_scope, _receive, send) => {
        await send({ type: 'http.response.start', status: 200, headers: [['content-length', '2']] });
        started.push('start accepted');
        await gate.wait();
        await send({ type: 'http.response.body', body: new TextEncoder().encode('ok') });
      }));
      const client = await server.rawH2();
      client.request(1, h2Request(ctx.protocol, '/'));
      await started.waitFor(() => true);
      await new Promise((r) => setTimeout(r, 300));
      expect(client.frames.filter((f) => f.streamId === 1), 'frames on the stream before the first body message').toEqual([]);
      gate.open();
      const r = await client.response(1);
      expect(text(r.body)).toBe('ok');
    },
  },
  {
    name: 'HTTP/2: concurrent streams each get their own scope; a slow stream does not hold the others',
    ids: ['HTTP-SCOPE-TYPE', 'APP-CALLABLE'],
    protocols: H2,
    async run(ctx) {
      const gate = new Gate();
      const scopes = new Recorder<object>();
      const server = await ctx.start(httpOnly(async (scope, _receive, send) => {
        scopes.push(scope);
        if (scope.path === '/slow') await gate.wait();
        await respond(send, 200, scope.path);
      }));
      const client = await server.rawH2();
      client.request(1, h2Request(ctx.protocol, '/slow'));
      client.request(3, h2Request(ctx.protocol, '/fast'));
      expect(text((await client.response(3)).body)).toBe('/fast');
      expect(client.ended(1), 'the slow stream is still open').toBe(false);
      gate.open();
      expect(text((await client.response(1)).body)).toBe('/slow');
      expect(scopes.events).toHaveLength(2);
      expect(scopes.events[0]).not.toBe(scopes.events[1]);
    },
  },
  {
    name: 'HTTP/2: when the connection goes, every request in flight on it sees http.disconnect',
    ids: ['FLOW-RECEIVE-WAIT', 'FLOW-SEND-AFTER-DISCONNECT'],
    protocols: H2,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(httpOnly(async (scope, receive, send) => {
        await receive(); // a GET: its one, empty body message
        rec.push(`${scope.path} waiting`);
        rec.push(`${scope.path} ${(await withTimeout(receive(), 5_000, 'receive() after the connection went')).type}`);
        const sent = await send({ type: 'http.response.start', status: 200, headers: [] }).then(
          () => send({ type: 'http.response.body', body: new Uint8Array(1) }),
        ).then(() => 'sent', (error: unknown) => (error as { code?: string }).code ?? 'error');
        rec.push(`${scope.path} send: ${sent}`);
      }));
      const client = await server.rawH2();
      client.request(1, h2Request(ctx.protocol, '/a'));
      client.request(3, h2Request(ctx.protocol, '/b'));
      await rec.waitFor(() => rec.events.filter((e) => e.endsWith('waiting')).length === 2);
      client.close(); // no RST_STREAM, no GOAWAY: the TCP connection just ends
      await rec.waitFor(() => rec.events.length === 6, 5_000, 'both apps to finish');
      expect(rec.events.filter((e) => e.includes('http.')).sort()).toEqual(['/a http.disconnect', '/b http.disconnect']);
      expect(rec.events.filter((e) => e.includes('send:')).sort()).toEqual([
        '/a send: TSGI_CLIENT_DISCONNECTED',
        '/b send: TSGI_CLIENT_DISCONNECTED',
      ]);
    },
  },
];

/** HTTP/2 frame-level scenarios. */
export const h2Cases: CaseGroup = { topic: 'HTTP/2 frames', cases };
