import type { Application, SendMessage } from '@tsgi/spec';
import { ClientDisconnectedError } from '@tsgi/spec';
import { describe, expect, it } from 'vitest';
import { body, DISCONNECT, expectViolation, fakeServer, httpScope, request, runReporting, runThrowing, sending, start } from './helpers.js';

/** One app-side check: an app that keeps the rule and one that breaks it, on the same scope. */
interface Case {
  readonly name: string;
  readonly requirement: string;
  readonly good: Application;
  readonly bad: Application;
  readonly scope?: Record<string, unknown>;
}

const trailers = { extensions: { 'http.response.trailers': {} }, headers: [['host', 'example.com'], ['te', 'trailers']] };
const vendor = { extensions: { 'x-acme.ping': {} } };
const CL = (n: number | string): [string, string] => ['content-length', String(n)];

const CASES: Case[] = [
  { name: 'a message is an object', requirement: 'MSG-INVALID', good: sending(start(), body()), bad: sending('not a message') },
  { name: 'a known message type', requirement: 'MSG-INVALID', good: sending(start(), body()), bad: sending({ type: 'http.response.push' }) },
  { name: 'extension messages only when advertised', requirement: 'EXT-ADVERTISED', scope: vendor,
    good: sending({ type: 'x-acme.ping' }, start(), body()), bad: async (s, r, send) => sending({ type: 'x-acme.pong' })(s, r, send) },
  { name: 'no body before start', requirement: 'HTTP-START-FIRST', good: sending(start(), body('x')), bad: sending(body('x')) },
  { name: 'start exactly once', requirement: 'HTTP-START-FIRST', good: sending(start(), body()), bad: sending(start(), start(), body()) },
  { name: 'no start after body', requirement: 'HTTP-START-FIRST', good: sending(start(), body('a', true), body()), bad: sending(start(), body('a', true), start()) },
  { name: 'nothing after the final body', requirement: 'HTTP-BODY-END', good: sending(start(), body('a', true), body('b')), bad: sending(start(), body('a'), body('b')) },
  { name: 'no extension message after the final body', requirement: 'HTTP-BODY-END', scope: vendor,
    good: sending(start(), { type: 'x-acme.ping' }, body()), bad: sending(start(), body(), { type: 'x-acme.ping' }) },
  { name: 'status 200..599 (low)', requirement: 'HTTP-START-STATUS', good: sending(start(200), body()), bad: sending(start(103), body()) },
  { name: 'status 200..599 (high)', requirement: 'HTTP-START-STATUS', good: sending(start(599), body()), bad: sending(start(600), body()) },
  { name: 'status an integer', requirement: 'HTTP-START-STATUS', good: sending(start(404), body()), bad: sending(start(200.5), body()) },
  { name: 'status a number', requirement: 'HTTP-START-STATUS', good: sending(start(500), body()), bad: sending({ type: 'http.response.start', status: '200' }, body()) },
  { name: 'header names are lowercase', requirement: 'HTTP-START-HEADERS', good: sending(start(200, [['content-type', 'text/plain']]), body()), bad: sending(start(200, [['Content-Type', 'text/plain']]), body()) },
  { name: 'no pseudo-headers', requirement: 'HTTP-START-HEADERS', good: sending(start(200, [['x-status', '1']]), body()), bad: sending(start(200, [[':status', '200']]), body()) },
  { name: 'header names are tokens', requirement: 'HTTP-START-HEADERS', good: sending(start(200, [['x-a_b', '1']]), body()), bad: sending(start(200, [['x a', '1']]), body()) },
  { name: 'header values without CR/LF', requirement: 'HTTP-START-HEADERS', good: sending(start(200, [['x-a', 'a b']]), body()), bad: sending(start(200, [['x-a', 'a\r\nset-cookie: x']]), body()) },
  { name: 'header values without NUL', requirement: 'HTTP-START-HEADERS', good: sending(start(200, [['x-a', 'a\tb']]), body()), bad: sending(start(200, [['x-a', 'a\0b']]), body()) },
  { name: 'header values are byte strings', requirement: 'HTTP-START-HEADERS', good: sending(start(200, [['x-a', 'caf\u00e9']]), body()), bad: sending(start(200, [['x-a', '\u20ac']]), body()) },
  { name: 'headers are an array', requirement: 'HTTP-START-HEADERS', good: sending({ type: 'http.response.start', status: 200 }, body()), bad: sending(start(200, 'x: y' as never), body()) },
  { name: 'headers are pairs of strings', requirement: 'HTTP-START-HEADERS', good: sending(start(200, [['x', '']]), body()), bad: sending(start(200, [['x', 1]] as never), body()) },
  { name: 'content-length values agree', requirement: 'MSG-INVALID', good: sending(start(200, [CL(1), CL('01')]), body('x')), bad: sending(start(200, [CL(1), CL(2)]), body('x')) },
  { name: 'content-length is 1*DIGIT', requirement: 'MSG-INVALID', good: sending(start(200, [CL(0)]), body()), bad: sending(start(200, [CL('-1')]), body()) },
  { name: 'no connection header but close', requirement: 'HTTP-RESP-FRAMING', good: sending(start(200, [['connection', 'close']]), body()), bad: sending(start(200, [['connection', 'keep-alive']]), body()) },
  { name: 'no keep-alive', requirement: 'HTTP-RESP-FRAMING', good: sending(start(), body()), bad: sending(start(200, [['keep-alive', 'timeout=5']]), body()) },
  { name: 'no proxy-connection', requirement: 'HTTP-RESP-FRAMING', good: sending(start(), body()), bad: sending(start(200, [['proxy-connection', 'close']]), body()) },
  { name: 'no transfer-encoding', requirement: 'HTTP-RESP-FRAMING', good: sending(start(), body('a', true), body()), bad: sending(start(200, [['transfer-encoding', 'chunked']]), body()) },
  { name: 'no upgrade', requirement: 'HTTP-RESP-FRAMING', good: sending(start(), body()), bad: sending(start(200, [['upgrade', 'h2c']]), body()) },
  { name: 'no body on 204', requirement: 'HTTP-RESP-NOBODY', good: sending(start(204), body()), bad: sending(start(204), body('null')) },
  { name: 'no content-length on 204', requirement: 'HTTP-RESP-NOBODY', good: sending(start(204, [['x', '1']]), body()), bad: sending(start(204, [CL(5)]), body()) },
  { name: 'no body on 304 (content-length kept)', requirement: 'HTTP-RESP-304', good: sending(start(304, [CL(5)]), body()), bad: sending(start(304), body('x')) },
  { name: 'no bytes past content-length', requirement: 'HTTP-RESP-LENGTH-OVER', good: sending(start(200, [CL(3)]), body('ab', true), body('c')), bad: sending(start(200, [CL(3)]), body('ab', true), body('cd')) },
  { name: 'no fewer bytes than content-length', requirement: 'HTTP-RESP-LENGTH-UNDER', good: sending(start(200, [CL(2)]), body('a', true), body('b')), bad: sending(start(200, [CL(5)]), body('abc')) },
  { name: 'trailers: true only when advertised', requirement: 'EXT-ADVERTISED', scope: {},
    good: sending(start(200, [], { trailers: false }), body()), bad: sending(start(200, [], { trailers: true }), body()) },
  { name: 'trailers only when announced', requirement: 'EXT-TRAILERS-ORDER', scope: trailers,
    good: sending(start(200, [], { trailers: true }), body(), { type: 'http.response.trailers', headers: [] }),
    bad: sending(start(200), body(), { type: 'http.response.trailers', headers: [] }) },
  { name: 'trailers is a boolean', requirement: 'MSG-INVALID', good: sending(start(200, [], { trailers: undefined }), body()), bad: sending(start(200, [], { trailers: 'yes' }), body()) },
  { name: 'body is a Uint8Array', requirement: 'MSG-INVALID', good: sending(start(), { type: 'http.response.body', body: Buffer.from('x') }), bad: sending(start(), { type: 'http.response.body', body: 'x' }) },
  { name: 'moreBody is a boolean', requirement: 'MSG-INVALID', good: sending(start(), { type: 'http.response.body', moreBody: undefined }), bad: sending(start(), { type: 'http.response.body', moreBody: 'no' }) },
  { name: 'no return before start', requirement: 'APP-ERROR-BEFORE-START', good: sending(start(), body()), bad: sending() },
  { name: 'no return between start and body', requirement: 'APP-ERROR-BEFORE-START', good: sending(start(), body()), bad: sending(start()) },
  { name: 'no return before the final body', requirement: 'APP-RETURN-INCOMPLETE', good: sending(start(), body('a', true), body()), bad: sending(start(), body('a', true)) },
  { name: 'one receive() at a time', requirement: 'FLOW-RECEIVE-PULL',
    good: async (_s, receive, send) => { await receive(); await send(start() as SendMessage); await send(body() as SendMessage); await receive(); },
    bad: async (_s, receive, send) => { await Promise.all([receive(), receive()]); await send(start() as SendMessage); await send(body() as SendMessage); } },
  { name: 'the scope is read-only', requirement: 'APP-CALLABLE',
    good: async (scope, r, s) => { scope.state['user'] = 'x'; await sending(start(), body())(scope, r, s); },
    bad: async (scope, r, s) => { (scope as { path: string }).path = '/other'; await sending(start(), body())(scope, r, s); } },
];

describe('app side of http: each check passes a good app and names the rule a bad app breaks', () => {
  describe.each(CASES)('$requirement: $name', ({ requirement, good, bad, scope }) => {
    it('good app: no violation in either mode', async () => {
      expect((await runReporting(good, httpScope(scope))).violations).toEqual([]);
      expect(await runThrowing(good, httpScope(scope))).toBeUndefined();
    });
    it('bad app: throws the violation (side app), and reports it', async () => {
      expectViolation(await runThrowing(bad, httpScope(scope)), requirement, 'app');
      expect((await runReporting(bad, httpScope(scope))).violations).toContainEqual({ requirement, side: 'app' });
    });
  });
});

describe('app side of http: cases that are not violations', () => {
  it('HTTP-RESP-HEAD: a body for HEAD is allowed (the server drops it) and content-length is not checked against it', async () => {
    const head = httpScope({ method: 'HEAD' });
    expect((await runReporting(sending(start(200, [CL(12)]), body('Hello, World')), head)).violations).toEqual([]);
    expect((await runReporting(sending(start(200, [CL(100)]), body()), httpScope({ method: 'HEAD' }))).violations).toEqual([]);
    expect((await runReporting(sending(start(200, [CL(1)]), body('toolong')), httpScope({ method: 'HEAD' }))).violations).toEqual([]);
  });

  it('MSG-UNKNOWN-KEYS: extra keys on messages are allowed; MSG-DEFAULTS: absent keys take their defaults', async () => {
    const app = sending({ type: 'http.response.start', status: 200, note: 1 }, { type: 'http.response.body', extra: true });
    expect((await runReporting(app)).violations).toEqual([]);
  });

  it('APP-RETURN-INCOMPLETE does not apply once the client has gone (seen through receive)', async () => {
    const app: Application = async (_s, receive, send) => {
      await receive();
      await send(start() as SendMessage);
      await send(body('a', true) as SendMessage);
      await receive(); // http.disconnect before the response is complete: the client went
    };
    expect((await runReporting(app, httpScope(), fakeServer([request(), DISCONNECT]))).violations).toEqual([]);
  });

  it('APP-RETURN-INCOMPLETE does not apply once send() rejected with TSGI_CLIENT_DISCONNECTED', async () => {
    const server = fakeServer([request()], { answer: async (_m, i) => { if (i === 1) throw new ClientDisconnectedError(); } });
    const app: Application = async (_s, receive, send) => {
      await receive();
      await send(start() as SendMessage);
      await send(body('a', true) as SendMessage).catch(() => undefined);
    };
    expect((await runReporting(app, httpScope(), server)).violations).toEqual([]);
  });

  it('a streamed body without content-length is fine at any length', async () => {
    expect((await runReporting(sending(start(), body('a', true), body('b', true), body('c')))).violations).toEqual([]);
  });

  it('LENGTH-OVER is reported once per response, not per chunk', async () => {
    const out = await runReporting(sending(start(200, [CL(1)]), body('ab', true), body('cd', true), body('e')));
    expect(out.violations).toEqual([{ requirement: 'HTTP-RESP-LENGTH-OVER', side: 'app' }]);
  });
});
