/** @module Scenarios on the response rules: what reaches the wire whatever the app sends. */
import { expect } from 'vitest';
import type { Application } from '@tsgi/spec';
import { header, headerAll } from '../clients/response-parser.js';
import { fixedResponseApp, httpOnly, respond, type FixedResponse } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import type { CaseGroup, ConformanceCase, Started } from '../types.js';
import { Gate, text } from '../util.js';
import { expectNoBodyOnWire, get, rawRequest } from './helpers.js';

/** `/probe` answers with `response`; every other path answers 200 "next" (to show the connection is clean). */
function routed(response: FixedResponse, rec?: Recorder<string>): Application {
  const probe = fixedResponseApp(response, rec);
  return httpOnly(async (scope, receive, send) => {
    if (scope.path === '/probe') return probe(scope, receive, send);
    await respond(send, 200, 'next');
  });
}

/** Reads the probe response on a connection, then a follow-up request on the same connection. */
async function probeThenNext(server: Pick<Started, 'connect'>, method = 'GET') {
  const client = await server.connect();
  await client.write(rawRequest(method, '/probe') + get('/next'));
  const first = await client.readResponse({ method });
  const next = await client.readResponse();
  return { client, first, next };
}

const cases: ConformanceCase[] = [
  {
    name: '204 with a body and content-length: the wire has neither; one warning per app and rule',
    ids: ['HTTP-RESP-NOBODY', 'HTTP-RESP-RULE-POLICY'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 204, headers: [['content-length', '5']], chunks: ['hello'] }, rec));
      for (let i = 0; i < 2; i++) {
        const { client, first, next } = await probeThenNext(server);
        expect(first.status).toBe(204);
        expect(header(first, 'content-length')).toBeUndefined();
        expectNoBodyOnWire(first);
        expect(text(next.body)).toBe('next');
        expect(client.receivedText()).not.toContain('hello');
      }
      expect(rec.events).toEqual(['sends resolved', 'sends resolved']);
      expect(server.log.at('warn'), 'exactly one warning for two 204s with a body').toHaveLength(1);
    },
  },
  {
    name: '304 keeps the app\'s content-length but sends no body',
    ids: ['HTTP-RESP-304', 'HTTP-RESP-RULE-POLICY'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 304, headers: [['content-length', '5'], ['etag', '"x"']], chunks: ['hello'] }, rec));
      const { client, first, next } = await probeThenNext(server);
      expect(first.status).toBe(304);
      expect(header(first, 'content-length')).toBe('5');
      expectNoBodyOnWire(first);
      expect(text(next.body)).toBe('next');
      expect(client.receivedText()).not.toContain('hello');
      expect(rec.events).toEqual(['sends resolved']);
    },
  },
  {
    name: 'HEAD: content-length kept, body dropped, and no warning for sending the GET body',
    ids: ['HTTP-RESP-HEAD', 'HTTP-RESP-RULE-POLICY'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 200, headers: [['content-length', '5']], chunks: ['hello'] }, rec));
      const { client, first, next } = await probeThenNext(server, 'HEAD');
      expect(first.status).toBe(200);
      expect(header(first, 'content-length')).toBe('5');
      expectNoBodyOnWire(first);
      expect(text(next.body)).toBe('next');
      expect(client.receivedText()).not.toContain('hello');
      expect(rec.events).toEqual(['sends resolved']);
      expect(server.log.at('warn')).toEqual([]);
    },
  },
  {
    name: 'framing headers from the app are removed; the server frames the body itself',
    ids: ['HTTP-RESP-FRAMING', 'HTTP-RESP-RULE-POLICY'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const headers: [string, string][] = [
        ['transfer-encoding', 'gzip, chunked'], ['connection', 'upgrade, x-app-token'], ['keep-alive', 'timeout=999'],
        ['upgrade', 'h2c'], ['proxy-connection', 'keep-alive'], ['x-kept', 'yes'],
      ];
      const server = await ctx.start(routed({ status: 200, headers, chunks: ['abc', 'def'] }, rec));
      const { first, next } = await probeThenNext(server);
      expect(text(first.body)).toBe('abcdef');
      expect(header(first, 'x-kept')).toBe('yes');
      expect(headerAll(first, 'transfer-encoding').join(',')).not.toContain('gzip');
      expect(headerAll(first, 'connection').join(',')).not.toMatch(/x-app-token|upgrade/i);
      for (const name of ['keep-alive', 'upgrade', 'proxy-connection']) expect(header(first, name), name).toBeUndefined();
      expect(text(next.body)).toBe('next');
      expect(rec.events).toEqual(['sends resolved']);
      expect(server.log.at('warn').length).toBeGreaterThanOrEqual(1);
    },
  },
  {
    name: '"connection: close" from the app closes the connection after the response',
    ids: ['HTTP-RESP-FRAMING'],
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
    async run(ctx) {
      const server = await ctx.start(routed({ status: 200, chunks: ['one,', 'two,', 'three'] }));
      const { first, next } = await probeThenNext(server);
      expect(first.framing).toBe('chunked');
      expect(text(first.body)).toBe('one,two,three');
      expect(text(next.body)).toBe('next');
    },
  },
  {
    name: 'body bytes past the app\'s content-length are cut; the response completes normally',
    ids: ['HTTP-RESP-LENGTH-OVER', 'HTTP-RESP-RULE-POLICY'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(routed({ status: 200, headers: [['content-length', '5']], chunks: ['hel', 'lo wor', 'ld'] }, rec));
      const { client, first, next } = await probeThenNext(server);
      expect(first.framing).toBe('length');
      expect(text(first.body)).toBe('hello');
      expect(text(next.body)).toBe('next');
      expect(client.receivedText()).not.toContain('world');
      expect(rec.events).toEqual(['sends resolved']);
    },
  },
  {
    name: 'fewer body bytes than content-length: the connection closes, the client sees a short body',
    ids: ['HTTP-RESP-LENGTH-UNDER', 'HTTP-RESP-RULE-POLICY'],
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
    name: 'the server adds a date header when the app sends none',
    ids: ['HTTP-RESP-DATE'],
    async run(ctx) {
      const server = await ctx.start(routed({ status: 200, chunks: ['x'] }));
      const response = await server.request(get('/probe'));
      const date = header(response, 'date');
      expect(date).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$/);
      expect(Math.abs(Date.parse(date!) - Date.now())).toBeLessThan(60_000);
    },
  },
  {
    name: 'nothing reaches the wire for http.response.start until the first body message',
    ids: ['HTTP-START-DEFER'],
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
      const bare = await server.request(get('/bare'));
      expect(bare.status).toBe(200);
      expect(bare.complete).toBe(true);
      expect(bare.body.length).toBe(0);
      const extra = await server.request(get('/extra'));
      expect(extra.status).toBe(201);
      expect(extra.complete).toBe(true);
      expect(text(extra.body)).toBe('x');
      expect(rec.events).toEqual(['ok', 'ok']);
    },
  },
];

/** Scenarios on response body rules and framing. */
export const responseRuleCases: CaseGroup = { topic: 'response rules', cases };
