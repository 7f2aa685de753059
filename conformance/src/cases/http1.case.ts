/** @module Scenarios on the HTTP/1.1 transport: keep-alive, pipelining, 100-continue, bad requests, timeouts, shutdown. */
import { expect } from 'vitest';
import { headerAll } from '../clients/response-parser.js';
import { bodyEchoApp, httpOnly, readBody, respond } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import type { CaseGroup, ConformanceCase } from '../types.js';
import { Gate, sleep, text, withTimeout } from '../util.js';
import { get, rawRequest } from './helpers.js';

/** Answers with the path after a delay given as `?delay=<ms>`; echoes any body after a colon. */
const pathApp = httpOnly(async (scope, receive, send) => {
  const { body } = await readBody(receive);
  await sleep(Number(/delay=(\d+)/.exec(scope.queryString)?.[1] ?? 0));
  await respond(send, 200, `${scope.path}:${text(body)}`);
});

/** A malformed or unacceptable request and the statuses that fit it. */
interface BadRequest {
  readonly name: string;
  readonly raw: string;
  readonly statuses: readonly number[];
}

const BAD_REQUESTS: readonly BadRequest[] = [
  { name: 'garbage request line', raw: 'GARBAGE\r\n\r\n', statuses: [400] },
  { name: 'lowercase protocol name', raw: 'GET / http/1.1\r\nHost: h\r\n\r\n', statuses: [400] },
  { name: 'header line without a colon', raw: 'GET / HTTP/1.1\r\nHost: h\r\nNoColonHere\r\n\r\n', statuses: [400] },
  { name: 'whitespace before the colon', raw: 'GET / HTTP/1.1\r\nHost : h\r\n\r\n', statuses: [400] },
  { name: 'HTTP/1.1 without host', raw: 'GET / HTTP/1.1\r\nAccept: */*\r\n\r\n', statuses: [400] },
  { name: 'two host fields', raw: 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', statuses: [400] },
  { name: 'conflicting content-length', raw: 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello', statuses: [400] },
  { name: 'non-numeric content-length', raw: 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n', statuses: [400] },
  { name: 'absurd content-length', raw: 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n', statuses: [400, 413] },
  { name: 'unknown transfer coding', raw: 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: x-conformance, chunked\r\n\r\n0\r\n\r\n', statuses: [501] },
  { name: 'target of 256 KiB', raw: `GET /${'a'.repeat(256 * 1024)} HTTP/1.1\r\nHost: h\r\n\r\n`, statuses: [414] },
  { name: 'header fields of 256 KiB', raw: `GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'b'.repeat(256 * 1024)}\r\n\r\n`, statuses: [431] },
  { name: 'HTTP/2.0 on the request line', raw: 'GET / HTTP/2.0\r\nHost: h\r\n\r\n', statuses: [505] },
  { name: 'HTTP/3.0 on the request line', raw: 'GET / HTTP/3.0\r\nHost: h\r\n\r\n', statuses: [505] },
];

function badRequestCase(bad: BadRequest): ConformanceCase {
  return {
    name: `bad request (${bad.name}) gets ${bad.statuses.join(' or ')} with connection: close; the app is not called`,
    ids: ['SERVER-BAD-REQUEST'],
    async run(ctx) {
      const calls = new Recorder<string>();
      const server = await ctx.start(httpOnly(async (scope, _r, send) => {
        calls.push(scope.path.slice(0, 40));
        await respond(send, 200, 'app was called');
      }));
      const client = await server.connect();
      client.writeNoWait(bad.raw);
      const response = await client.readResponse();
      expect(bad.statuses).toContain(response.status);
      expect(headerAll(response, 'connection').join(',').toLowerCase()).toContain('close');
      expect(await client.waitForClose(3_000), 'the server closed the connection').toBe(true);
      expect(calls.events, 'the app was not called').toEqual([]);
    },
  };
}

const cases: ConformanceCase[] = [
  {
    name: 'keep-alive: two requests on one connection',
    ids: ['HTTP-SCOPE-TYPE'],
    async run(ctx) {
      const server = await ctx.start(pathApp);
      const client = await server.connect();
      await client.write(get('/a'));
      expect(text((await client.readResponse()).body)).toBe('/a:');
      await client.write(rawRequest('POST', '/b', { body: 'xy' }));
      expect(text((await client.readResponse()).body)).toBe('/b:xy');
      expect(client.closedByPeer).toBe(false);
    },
  },
  {
    name: 'pipelining: three requests in one write are answered in order',
    ids: ['HTTP-SCOPE-TYPE', 'HTTP-REQUEST-BODY'],
    async run(ctx) {
      const server = await ctx.start(pathApp);
      const client = await server.connect();
      await client.write(get('/1?delay=200') + rawRequest('POST', '/2?delay=20', { body: 'two' }) + get('/3'));
      const bodies = [];
      for (let i = 0; i < 3; i++) bodies.push(text((await client.readResponse()).body));
      expect(bodies).toEqual(['/1:', '/2:two', '/3:']);
    },
  },
  {
    name: 'Expect: 100-continue: 100 is sent only once the app calls receive()',
    ids: ['SERVER-CONTINUE'],
    async run(ctx) {
      const gate = new Gate();
      const echo = bodyEchoApp();
      const server = await ctx.start(async (scope, receive, send) => {
        if (scope.type === 'http') await gate.wait();
        return echo(scope, receive, send);
      });
      const client = await server.connect();
      await client.write(rawRequest('POST', '/', { headers: [['Expect', '100-continue'], ['Content-Length', '5']] }));
      expect((await client.drainFor(300)).toString('latin1'), 'no 100 before the app reads').toBe('');
      gate.open();
      const interim = await client.readResponse({ stopAtInformational: true });
      expect(interim.status).toBe(100);
      await client.write('hello');
      const response = await client.readResponse();
      expect(response.status).toBe(200);
      expect(text(response.body)).toBe('hello');
    },
  },
  {
    name: 'Expect: 100-continue: an app that answers without reading causes no 100; the connection closes',
    ids: ['SERVER-CONTINUE'],
    async run(ctx) {
      const server = await ctx.start(httpOnly(async (_s, _r, send) => respond(send, 413, 'too big')));
      const client = await server.connect();
      await client.write(rawRequest('POST', '/', { headers: [['Expect', '100-continue'], ['Content-Length', '1000000']] }));
      const response = await client.readResponse();
      expect(response.informational.map((r) => r.status)).toEqual([]);
      expect(response.status).toBe(413);
      expect(await client.waitForClose(3_000), 'closed since the body never came').toBe(true);
      expect(client.receivedText()).not.toContain('100 Continue');
    },
  },
  ...BAD_REQUESTS.map(badRequestCase),
  {
    name: 'HTTP/1.0 request: a response without content-length is close-delimited',
    ids: ['HTTP-RESP-FRAMING'],
    async run(ctx) {
      const server = await ctx.start(httpOnly(async (_s, _r, send) => {
        await send({ type: 'http.response.start', status: 200 });
        await send({ type: 'http.response.body', body: new TextEncoder().encode('part1,'), moreBody: true });
        await send({ type: 'http.response.body', body: new TextEncoder().encode('part2') });
      }));
      const client = await server.connect();
      await client.write(get('/', { version: '1.0' }));
      const response = await client.readResponse();
      expect(response.framing).toBe('close');
      expect(headerAll(response, 'transfer-encoding')).toEqual([]);
      expect(text(response.body)).toBe('part1,part2');
      expect(response.complete).toBe(true);
    },
  },
  {
    name: 'HTTP/1.0 request: a response with content-length keeps it, and the connection closes',
    ids: ['HTTP-RESP-FRAMING', 'HTTP-SCOPE-VERSION'],
    async run(ctx) {
      const server = await ctx.start(pathApp);
      const client = await server.connect();
      await client.write(get('/old', { version: '1.0' }));
      const response = await client.readResponse();
      expect(response.framing).toBe('length');
      expect(text(response.body)).toBe('/old:');
      expect(await client.waitForClose(3_000)).toBe(true);
    },
  },
  {
    name: 'a client that sends nothing is closed after the header timeout',
    ids: ['SERVER-TIMEOUTS'],
    async run(ctx) {
      const server = await ctx.start(pathApp, { headersTimeout: 300 });
      const client = await server.connect();
      expect(await client.waitForClose(4_000)).toBe(true);
    },
  },
  {
    name: 'a client that trickles its head byte by byte is closed after the header timeout',
    ids: ['SERVER-TIMEOUTS'],
    async run(ctx) {
      const server = await ctx.start(pathApp, { headersTimeout: 400 });
      const client = await server.connect();
      const started = Date.now();
      await client.write('GET / HTTP/1.1\r\nHost: h\r\n');
      while (!client.closedByPeer && Date.now() - started < 4_000) {
        await client.write('X-Slow: 1\r\n').catch(() => {});
        await sleep(50);
      }
      expect(client.closedByPeer, 'closed although bytes kept coming').toBe(true);
    },
  },
  {
    name: 'an idle keep-alive connection is closed after the keep-alive timeout',
    ids: ['SERVER-TIMEOUTS'],
    async run(ctx) {
      const server = await ctx.start(pathApp, { keepAliveTimeout: 300 });
      const client = await server.connect();
      await client.write(get('/'));
      expect((await client.readResponse()).status).toBe(200);
      expect(await client.waitForClose(4_000)).toBe(true);
    },
  },
  {
    name: 'a body that stalls is ended by the body timeout; the app sees http.disconnect',
    ids: ['SERVER-TIMEOUTS'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(httpOnly(async (_s, receive) => {
        for (;;) {
          const m = await withTimeout(receive(), 6_000, 'receive() on a stalled body');
          rec.push(m.type);
          if (m.type !== 'http.request' || !m.moreBody) break;
        }
      }), { bodyTimeout: 300 });
      const client = await server.connect();
      await client.write(rawRequest('POST', '/', { headers: [['Content-Length', '10']] }) + 'ab');
      expect(await client.waitForClose(4_000)).toBe(true);
      await rec.waitFor((e) => e === 'http.disconnect', 3_000, 'the app to see http.disconnect');
    },
  },
  {
    name: 'close(): idle keep-alive connections are closed at once; new connections are refused',
    ids: ['SERVER-SHUTDOWN-GRACEFUL'],
    async run(ctx) {
      const server = await ctx.start(pathApp, { keepAliveTimeout: 30_000 });
      const client = await server.connect();
      await client.write(get('/'));
      expect((await client.readResponse()).status).toBe(200);
      await withTimeout(server.close(), 3_000, 'close() with only an idle connection');
      expect(await client.waitForClose(1_000)).toBe(true);
      await expect(server.connect()).rejects.toThrow();
    },
  },
  {
    name: 'close(): an in-flight request finishes while new connections are refused',
    ids: ['SERVER-SHUTDOWN-GRACEFUL'],
    async run(ctx) {
      const gate = new Gate();
      const inFlight = new Recorder<string>();
      const server = await ctx.start(httpOnly(async (_s, _r, send) => {
        inFlight.push('in');
        await gate.wait();
        await respond(send, 200, 'finished');
      }), { shutdownTimeout: 5_000 });
      const client = await server.connect();
      await client.write(get('/'));
      await inFlight.waitFor(() => true);
      const closing = server.close();
      await sleep(100);
      await expect(server.connect(), 'no new connection while draining').rejects.toThrow();
      gate.open();
      const response = await client.readResponse();
      expect(text(response.body)).toBe('finished');
      expect(response.complete).toBe(true);
      await withTimeout(closing, 3_000, 'close()');
    },
  },
  {
    name: 'close(): at the shutdown deadline a request still running is cut off; the app sees http.disconnect',
    ids: ['SERVER-SHUTDOWN-GRACEFUL', 'APP-NO-DEADLINE'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const server = await ctx.start(httpOnly(async (_s, receive) => {
        await readBody(receive);
        rec.push('waiting');
        rec.push((await withTimeout(receive(), 8_000, 'receive() until shutdown')).type);
      }), { shutdownTimeout: 300 });
      const client = await server.connect();
      await client.write(get('/'));
      await rec.waitFor((e) => e === 'waiting');
      const started = Date.now();
      await withTimeout(server.close(), 5_000, 'close() past its deadline');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      expect(await client.waitForClose(1_000)).toBe(true);
      await rec.waitFor((e) => e === 'http.disconnect', 3_000, 'the app to see http.disconnect');
    },
  },
];

/** Scenarios on the HTTP/1.1 transport. */
export const http1Cases: CaseGroup = { topic: 'HTTP/1.1 transport', cases };
