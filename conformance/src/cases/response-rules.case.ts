/** @module Scenarios on the response rules: what reaches the wire whatever the app sends. */
import { expect } from 'vitest';
import { header, headerAll } from '../clients/response-parser.js';
import { httpOnly, routedFixedApp } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import { isH2, type CaseGroup, type ConformanceCase, type Protocol, type Started } from '../types.js';
import { Gate, byteString, text } from '../util.js';
import { ALL, H1, expectNoBodyOnWire, get, rawRequest } from './helpers.js';

/** A response as these scenarios check it, whatever the protocol. */
interface Seen {
  readonly status: number;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Uint8Array;
  readonly complete: boolean;
}

const routed = routedFixedApp;

/**
 * Reads the probe response on a connection, then a follow-up request on the same connection: pipelined on
 * HTTP/1.x (stray body bytes would corrupt the second response), a second stream of the session on HTTP/2.
 * `wire` is everything received (HTTP/2: header values and body bytes).
 */
async function probeThenNext(server: Started, protocol: Protocol, method = 'GET'): Promise<{ first: Seen; next: Seen; wire: string }> {
  if (isH2(protocol)) {
    const connection = await server.connection();
    const first = await connection.fetch({ method, path: '/probe' });
    const next = await connection.fetch({ path: '/next' });
    const wire = [first, next].map((r) => `${r.headers.map(([n, v]) => `${n}: ${v}`).join('\n')}\n${byteString(r.body)}`).join('\n');
    return { first, next, wire };
  }
  const client = await server.connect();
  await client.write(rawRequest(method, '/probe') + get('/next'));
  const first = await client.readResponse({ method });
  const next = await client.readResponse();
  return { first, next, wire: client.receivedText() };
}

const cases: ConformanceCase[] = [
  {
    name: '204 with a body and content-length: the wire has neither; one warning per app and rule',
    ids: ['HTTP-RESP-NOBODY', 'HTTP-RESP-RULE-POLICY'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 204, headers: [['content-length', '5']], chunks: ['hello'] }, rec));
      for (let i = 0; i < 2; i++) {
        const { first, next, wire } = await probeThenNext(server, ctx.protocol);
        expect(first.status).toBe(204);
        expect(header(first, 'content-length')).toBeUndefined();
        expectNoBodyOnWire(first);
        expect(text(next.body)).toBe('next');
        expect(wire).not.toContain('hello');
      }
      expect(rec.events).toEqual(['sends resolved', 'sends resolved']);
      expect(server.log.at('warn'), 'exactly one warning for two 204s with a body').toHaveLength(1);
    },
  },
  {
    name: '304 keeps the app\'s content-length but sends no body',
    ids: ['HTTP-RESP-304', 'HTTP-RESP-RULE-POLICY'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 304, headers: [['content-length', '5'], ['etag', '"x"']], chunks: ['hello'] }, rec));
      const { first, next, wire } = await probeThenNext(server, ctx.protocol);
      expect(first.status).toBe(304);
      expect(header(first, 'content-length')).toBe('5');
      expectNoBodyOnWire(first);
      expect(text(next.body)).toBe('next');
      expect(wire).not.toContain('hello');
      expect(rec.events).toEqual(['sends resolved']);
    },
  },
  {
    name: 'HEAD: content-length kept, body dropped, and no warning for sending the GET body',
    ids: ['HTTP-RESP-HEAD', 'HTTP-RESP-RULE-POLICY'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 200, headers: [['content-length', '5']], chunks: ['hello'] }, rec));
      const { first, next, wire } = await probeThenNext(server, ctx.protocol, 'HEAD');
      expect(first.status).toBe(200);
      expect(header(first, 'content-length')).toBe('5');
      expectNoBodyOnWire(first);
      expect(text(next.body)).toBe('next');
      expect(wire).not.toContain('hello');
      expect(rec.events).toEqual(['sends resolved']);
      expect(server.log.at('warn')).toEqual([]);
    },
  },
  {
    name: 'framing headers from the app are removed; the server frames the body itself',
    ids: ['HTTP-RESP-FRAMING', 'HTTP-RESP-RULE-POLICY'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const headers: [string, string][] = [
        ['transfer-encoding', 'gzip, chunked'], ['connection', 'upgrade, x-app-token'], ['keep-alive', 'timeout=999'],
        ['upgrade', 'h2c'], ['proxy-connection', 'keep-alive'], ['x-kept', 'yes'],
      ];
      const server = await ctx.start(routed({ status: 200, headers, chunks: ['abc', 'def'] }, rec));
      const { first, next } = await probeThenNext(server, ctx.protocol);
      expect(text(first.body)).toBe('abcdef');
      expect(header(first, 'x-kept')).toBe('yes');
      expect(headerAll(first, 'transfer-encoding').join(',')).not.toContain('gzip');
      expect(headerAll(first, 'connection').join(',')).not.toMatch(/x-app-token|upgrade/i);
      for (const name of ['keep-alive', 'upgrade', 'proxy-connection']) expect(header(first, name), name).toBeUndefined();
      if (isH2(ctx.protocol)) {
        for (const name of ['transfer-encoding', 'connection']) expect(header(first, name), `${name} on HTTP/2`).toBeUndefined();
      }
      expect(text(next.body)).toBe('next');
      expect(rec.events).toEqual(['sends resolved']);
      expect(server.log.at('warn').length).toBeGreaterThanOrEqual(1);
    },
  },
  {
    name: '"connection: close" from the app closes the connection after the response',
    ids: ['HTTP-RESP-FRAMING'],
    protocols: H1,
    async run(ctx) {
      const server = await ctx.start(routed({ status: 200, headers: [['connection', 'close']], chunks: ['bye'] }));
      const client = await server.connect();
      await client.write(get('/probe'));
      const response = await client.readResponse();
      expect(text(response.body)).toBe('bye');
      expect(headerAll(response, 'connection').join(',').toLowerCase()).toContain('close');
      expect(await client.waitForClose(3_000)).toBe(true);
      expect(server.log.at('warn'), '"connection: close" is a request, not a rule break').toEqual([]);
    },
  },
  {
    name: 'without content-length an HTTP/1.1 response is chunked',
    ids: ['HTTP-RESP-FRAMING'],
    protocols: H1,
    async run(ctx) {
      const server = await ctx.start(routed({ status: 200, chunks: ['one,', 'two,', 'three'] }));
      const client = await server.connect();
      await client.write(get('/probe') + get('/next'));
      const first = await client.readResponse();
      const next = await client.readResponse();
      expect(first.framing).toBe('chunked');
      expect(text(first.body)).toBe('one,two,three');
      expect(text(next.body)).toBe('next');
    },
  },
  {
    name: 'body bytes past the app\'s content-length are cut; the response completes normally',
    ids: ['HTTP-RESP-LENGTH-OVER', 'HTTP-RESP-RULE-POLICY'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 200, headers: [['content-length', '5']], chunks: ['hel', 'lo wor', 'ld'] }, rec));
      const { first, next, wire } = await probeThenNext(server, ctx.protocol);
      expect(first.complete).toBe(true);
      expect(header(first, 'content-length')).toBe('5');
      expect(text(first.body)).toBe('hello');
      expect(text(next.body)).toBe('next');
      expect(wire).not.toContain('world');
      expect(rec.events).toEqual(['sends resolved']);
    },
  },
  {
    name: 'fewer body bytes than content-length: HTTP/2 resets only that stream (INTERNAL_ERROR); the client sees a short body',
    ids: ['HTTP-RESP-LENGTH-UNDER', 'HTTP-RESP-RULE-POLICY'],
    protocols: ['h2', 'h2c'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 200, headers: [['content-length', '10']], chunks: ['hello'] }, rec));
      const connection = await server.connection();
      const response = await connection.fetch({ path: '/probe' });
      expect(response.complete, 'the stream did not end normally').toBe(false);
      expect(response.resetCode, 'RST_STREAM INTERNAL_ERROR').toBe(0x2);
      expect(text(response.body)).toBe('hello');
      expect(text((await connection.fetch({ path: '/next' })).body), 'other streams go on').toBe('next');
      expect(rec.events).toEqual(['sends resolved']);
    },
  },
  {
    name: 'fewer body bytes than content-length: the connection closes, the client sees a short body',
    ids: ['HTTP-RESP-LENGTH-UNDER', 'HTTP-RESP-RULE-POLICY'],
    protocols: H1,
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 200, headers: [['content-length', '10']], chunks: ['hello'] }, rec));
      const client = await server.connect();
      await client.write(get('/probe'));
      const response = await client.readResponse({ timeoutMs: 5_000 });
      expect(response.complete, 'EOF before the declared length').toBe(false);
      expect(text(response.body)).toBe('hello');
      expect(client.closedByPeer).toBe(true);
      expect(rec.events).toEqual(['sends resolved']);
    },
  },
  {
    name: 'repeated response fields (set-cookie twice, x-multi around another field) reach the client separately, in order',
    ids: ['HTTP-START-HEADERS'],
    protocols: ALL,
    async run(ctx) {
      const headers: [string, string][] = [['set-cookie', 'a=1; Path=/'], ['x-multi', '1'], ['x-other', 'o'], ['x-multi', '2'],
        ['set-cookie', 'b=2; HttpOnly']];
      const server = await ctx.start(routed({ status: 200, headers, chunks: ['x'] }));
      const response = await server.fetch({ path: '/probe' });
      expect(response.headers.filter(([n]) => n.startsWith('x-') || n === 'set-cookie')).toEqual(headers);
    },
  },
  {
    name: 'the server adds a date header when the app sends none',
    ids: ['HTTP-RESP-DATE'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(routed({ status: 200, chunks: ['x'] }));
      const response = await server.fetch({ path: '/probe' });
      const date = header(response, 'date');
      expect(date).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/);
      expect(Math.abs(Date.parse(date!) - Date.now())).toBeLessThan(60_000);
    },
  },
  {
    name: 'nothing reaches the wire for http.response.start until the first body message',
    ids: ['HTTP-START-DEFER'],
    protocols: H1,
    async run(ctx) {
      const gate = new Gate();
      const started = new Recorder<string>();
      const app = httpOnly(async (_scope, _receive, send) => {
        await send({ type: 'http.response.start', status: 200, headers: [['content-length', '2']] });
        started.push('start accepted');
        await gate.wait();
        await send({ type: 'http.response.body', body: new TextEncoder().encode('ok') });
      });
      const server = await ctx.start(app);
      const client = await server.connect();
      await client.write(get('/'));
      await started.waitFor(() => true);
      expect((await client.drainFor(300)).length, 'bytes on the wire before the first body message').toBe(0);
      gate.open();
      expect(text((await client.readResponse()).body)).toBe('ok');
    },
  },
  {
    name: 'absent optional keys take their defaults; unknown keys are ignored',
    ids: ['MSG-DEFAULTS', 'MSG-UNKNOWN-KEYS'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const app = httpOnly(async (scope, _receive, send) => {
        try {
          if (scope.path === '/bare') {
            await send({ type: 'http.response.start', status: 200 });
            await send({ type: 'http.response.body' });
          } else {
            const trailersAdvertised = 'http.response.trailers' in scope.extensions;
            const start = { type: 'http.response.start', status: 201, headers: undefined, trailers: !trailersAdvertised, 'x-unknown': 1 };
            await send(start as unknown as Parameters<typeof send>[0]);
            const body = { type: 'http.response.body', body: new TextEncoder().encode('x'), moreBody: undefined, 'x-extra': {} };
            await send(body as unknown as Parameters<typeof send>[0]);
          }
          rec.push('ok');
        } catch (error) {
          rec.push(`rejected ${String((error as { code?: unknown }).code)}`);
        }
      });
      const server = await ctx.start(app);
      const bare = await server.fetch({ path: '/bare' });
      expect(bare.status).toBe(200);
      expect(bare.complete).toBe(true);
      expect(bare.body.length).toBe(0);
      const extra = await server.fetch({ path: '/extra' });
      expect(extra.status).toBe(201);
      expect(extra.complete).toBe(true);
      expect(text(extra.body)).toBe('x');
      expect(rec.events).toEqual(['ok', 'ok']);
    },
  },
];

/** Scenarios on response body rules and framing. */
export const responseRuleCases: CaseGroup = { topic: 'response rules', cases };
