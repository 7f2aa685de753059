/** @module Scenarios on the `http` scope: every key, checked over a real socket with the echo-scope probe. */
import { expect } from 'vitest';
import type { HttpScope, Receive, Send } from '@tsgi/spec';
import { echoScopeApp, httpOnly, respond, withLifespan } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import { isH2, isTls, type CaseGroup, type ConformanceCase } from '../types.js';
import { ALL, H1, get, json } from './helpers.js';

type Seen = { scope: HttpScope; receive: Receive; send: Send };
type ScopeJson = Record<string, unknown> & { headers: [string, string][] };

const KEYS = ['type', 'tsgi', 'httpVersion', 'method', 'scheme', 'path', 'rawPath', 'queryString', 'rootPath',
  'headers', 'client', 'server', 'extensions', 'state'];

/** One row of the path table (the spec's worked examples in http.md §1.1, and more). */
interface PathRow {
  readonly method?: string;
  readonly target: string;
  readonly rawPath: string;
  readonly path: string;
  readonly queryString: string;
  readonly rootPath: string;
  /** Only over HTTP/1.x (an absolute-form target has no HTTP/2 equivalent). */
  readonly h1Only?: boolean;
}

function pathCase(name: string, serverRoot: string, rows: readonly PathRow[], ids: string[]): ConformanceCase {
  return {
    name,
    ids,
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp(), serverRoot ? { rootPath: serverRoot } : {});
      for (const row of rows.filter((r) => !(r.h1Only && isH2(ctx.protocol)))) {
        const scope = json<ScopeJson>(await server.fetch({ method: row.method ?? 'GET', path: row.target }));
        const got = { rawPath: scope.rawPath, path: scope.path, queryString: scope.queryString, rootPath: scope.rootPath };
        const { method: _m, target: _t, h1Only: _h, ...want } = row;
        expect(got, `request target ${JSON.stringify(row.target)} with server rootPath ${JSON.stringify(serverRoot)}`).toEqual(want);
        expect((scope.path as string).startsWith(scope.rootPath as string)).toBe(true);
      }
    },
  };
}

const cases: ConformanceCase[] = [
  {
    name: 'scope has every key; type "http", tsgi version 1.0, extensions object',
    ids: ['HTTP-SCOPE-TYPE', 'VERSION-KEY', 'HTTP-SCOPE-EXTENSIONS', 'EXT-ADVERTISED'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const scope = json(await server.fetch());
      for (const key of KEYS) expect(scope, `scope key ${key}`).toHaveProperty(key);
      expect(scope.type).toBe('http');
      expect(scope.tsgi).toEqual({ version: '1.0', specVersion: '1.2' });
      expect(typeof scope.extensions === 'object' && scope.extensions !== null && !Array.isArray(scope.extensions)).toBe(true);
    },
  },
  {
    name: 'each request on one connection (keep-alive, or streams of one session) gets its own scope, receive and send',
    ids: ['HTTP-SCOPE-TYPE', 'APP-CALLABLE'],
    protocols: ALL,
    async run(ctx) {
      const seen = new Recorder<Seen>();
      const server = await ctx.start(echoScopeApp(seen));
      const connection = await server.connection();
      expect((await connection.fetch({ path: '/one' })).status).toBe(200);
      expect((await connection.fetch({ path: '/two' })).status).toBe(200);
      expect(seen.events).toHaveLength(2);
      const [a, b] = seen.events as [Seen, Seen];
      expect(a.scope).not.toBe(b.scope);
      expect(a.receive).not.toBe(b.receive);
      expect(a.send).not.toBe(b.send);
      expect([a.scope.path, b.scope.path]).toEqual(['/one', '/two']);
    },
  },
  {
    name: 'httpVersion is "2" on HTTP/2, "1.1" or "1.0" as requested on HTTP/1.x',
    ids: ['HTTP-SCOPE-VERSION'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      expect(json(await server.fetch()).httpVersion).toBe(isH2(ctx.protocol) ? '2' : '1.1');
      if (!isH2(ctx.protocol)) expect(json(await server.request(get('/', { version: '1.0' }))).httpVersion).toBe('1.0');
    },
  },
  {
    name: 'method is passed exactly as received (case-sensitive)',
    ids: ['HTTP-SCOPE-METHOD'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      for (const method of ['get', 'GET', 'PoSt', 'PURGE', 'M-SEARCH']) {
        const scope = json(await server.fetch({ method, body: '' }));
        expect(scope.method).toBe(method);
      }
    },
  },
  {
    name: 'scheme is "https" over TLS and "http" on a plain TCP connection',
    ids: ['HTTP-SCOPE-SCHEME'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      expect(json(await server.fetch()).scheme).toBe(isTls(ctx.protocol) ? 'https' : 'http');
    },
  },
  {
    name: 'forwarding headers from a client change nothing when no proxy is trusted (the default)',
    ids: ['SERVER-PROXY-TRUST'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const client = await server.connection();
      const scope = json<ScopeJson>(
        await client.fetch({
          headers: [
            ['x-forwarded-for', '198.51.100.7'], ['x-forwarded-proto', 'https'], ['x-forwarded-host', 'evil.test'],
            ['forwarded', 'for=198.51.100.8;proto=https;host=evil.test'],
          ],
        }),
      );
      expect(scope.client).toEqual([client.socket.localAddress, client.socket.localPort]);
      expect(scope.scheme).toBe(isTls(ctx.protocol) ? 'https' : 'http');
      expect(scope.headers.filter(([n]) => n === 'host')).toEqual([['host', 'conformance.test']]);
    },
  },
  pathCase('path is percent-decoded as UTF-8 (%2F -> "/", invalid -> U+FFFD); rawPath and queryString raw', '', [
    { target: '/caf%C3%A9%2Fx?q=1', rawPath: '/caf%C3%A9%2Fx', path: '/café/x', queryString: 'q=1', rootPath: '' },
    { target: '/a%zz/b%C3?x=%20&y=a?b', rawPath: '/a%zz/b%C3', path: '/a%zz/b\uFFFD', queryString: 'x=%20&y=a?b', rootPath: '' },
    { target: '/%E2%82%AC%ff%41', rawPath: '/%E2%82%AC%ff%41', path: '/€\uFFFDA', queryString: '', rootPath: '' },
    { target: '/p?', rawPath: '/p', path: '/p', queryString: '', rootPath: '' },
    { target: '/a/../b//c/./d', rawPath: '/a/../b//c/./d', path: '/a/../b//c/./d', queryString: '', rootPath: '' },
    { target: '/sp%20ace?a=%41+b', rawPath: '/sp%20ace', path: '/sp ace', queryString: 'a=%41+b', rootPath: '' },
  ], ['HTTP-SCOPE-PATH', 'HTTP-SCOPE-RAWPATH', 'HTTP-SCOPE-QUERY']),
  pathCase('absolute-form target yields its path (HTTP/1.x); asterisk form yields "*"', '', [
    { target: 'http://example.com/p?q', rawPath: '/p', path: '/p', queryString: 'q', rootPath: '', h1Only: true },
    { target: 'http://example.com', rawPath: '/', path: '/', queryString: '', rootPath: '', h1Only: true },
    { method: 'OPTIONS', target: '*', rawPath: '*', path: '*', queryString: '', rootPath: '' },
  ], ['HTTP-SCOPE-PATH', 'HTTP-SCOPE-RAWPATH', 'HTTP-SCOPE-QUERY']),
  pathCase('rootPath: a request path that includes the prefix keeps it', '/api', [
    { target: '/api/caf%C3%A9%2Fx?q=1', rawPath: '/api/caf%C3%A9%2Fx', path: '/api/café/x', queryString: 'q=1', rootPath: '/api' },
    { target: '/api', rawPath: '/api', path: '/api', queryString: '', rootPath: '/api' },
    { target: '/api/', rawPath: '/api/', path: '/api/', queryString: '', rootPath: '/api' },
  ], ['HTTP-SCOPE-PATH-ROOT', 'HTTP-SCOPE-PATH', 'HTTP-SCOPE-RAWPATH']),
  pathCase('rootPath: a request path without the prefix (a proxy stripped it) gets it prepended', '/api', [
    { target: '/caf%C3%A9%2Fx?q=1', rawPath: '/api/caf%C3%A9%2Fx', path: '/api/café/x', queryString: 'q=1', rootPath: '/api' },
    { target: '/apix', rawPath: '/api/apix', path: '/api/apix', queryString: '', rootPath: '/api' },
    { target: '/', rawPath: '/api/', path: '/api/', queryString: '', rootPath: '/api' },
    { method: 'OPTIONS', target: '*', rawPath: '*', path: '*', queryString: '', rootPath: '' },
  ], ['HTTP-SCOPE-PATH-ROOT']),
  {
    name: 'headers: names lowercased, values trimmed, order and duplicates preserved',
    ids: ['HTTP-SCOPE-HEADERS', 'HTTP-HEADERS-ORDER'],
    protocols: H1,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const raw = 'GET / HTTP/1.1\r\nX-Dup: 1\r\nHost: h.test\r\nX-Mixed-CASE:   padded value \t \r\n' +
        'x-dup: 2\r\nAccept: */*\r\nX-DUP: 3\r\nx-empty:\r\nCookie: a=1; b=2\r\n\r\n';
      const scope = json<ScopeJson>(await server.request(raw));
      expect(scope.headers).toEqual([
        ['x-dup', '1'], ['host', 'h.test'], ['x-mixed-case', 'padded value'], ['x-dup', '2'], ['accept', '*/*'],
        ['x-dup', '3'], ['x-empty', ''], ['cookie', 'a=1; b=2'],
      ]);
      expect(scope.headers.some(([n]) => n.startsWith(':'))).toBe(false);
    },
  },
  {
    name: 'header values are byte strings: 0xE9 arrives as "\\u00e9", UTF-8 "é" as "\\u00c3\\u00a9"',
    ids: ['HTTP-HEADERS-BYTES', 'HTTP-SCOPE-HEADERS'],
    protocols: H1,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const raw = 'GET / HTTP/1.1\r\nHost: h\r\nX-Latin1: caf\xe9\r\nX-Utf8: caf\xc3\xa9\r\nX-High: \x80\x9f\xff\r\n\r\n';
      const scope = json<ScopeJson>(await server.request(raw));
      const byName = Object.fromEntries(scope.headers);
      expect(byName['x-latin1']).toBe('caf\u00e9');
      expect(byName['x-utf8']).toBe('caf\u00c3\u00a9');
      expect(byName['x-high']).toBe('\u0080\u009f\u00ff');
    },
  },
  {
    name: 'client is [remoteAddress, remotePort] and server is [localAddress, localPort]',
    ids: ['HTTP-SCOPE-CLIENT', 'HTTP-SCOPE-SERVER'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      const client = await server.connection();
      const scope = json(await client.fetch());
      expect(scope.client).toEqual([client.socket.localAddress, client.socket.localPort]);
      expect(scope.server).toEqual([client.socket.remoteAddress, server.origin.port]);
    },
  },
  {
    name: 'state is a shallow copy of the lifespan state; a request\'s changes do not leak',
    ids: ['HTTP-SCOPE-STATE', 'LIFESPAN-STATE'],
    protocols: ALL,
    async run(ctx) {
      const shared = { hits: 0 };
      let lifespanState: Record<string, unknown> | null = null;
      const seen = new Recorder<Record<string, unknown>>();
      const http = httpOnly(async (scope, _receive, send) => {
        seen.push({ ...scope.state, sameObject: scope.state === lifespanState, sharedIdentity: scope.state.shared === shared });
        const state = scope.state as Record<string, unknown>;
        state.counter = 99;
        state.added = true;
        delete state.name;
        (state.shared as { hits: number }).hits++;
        await respond(send, 200, 'ok');
      });
      const app = withLifespan(http, {
        startup(state) {
          lifespanState = state;
          Object.assign(state, { counter: 1, name: 'db', shared });
        },
      });
      const server = await ctx.start(app);
      expect((await server.fetch({ path: '/1' })).status).toBe(200);
      expect((await server.fetch({ path: '/2' })).status).toBe(200);
      const [first, second] = seen.events;
      for (const s of [first, second]) {
        expect(s).toMatchObject({ counter: 1, name: 'db', sameObject: false, sharedIdentity: true });
        expect(s).not.toHaveProperty('added');
      }
      expect(shared.hits).toBe(2);
      expect(lifespanState).toEqual({ counter: 1, name: 'db', shared });
    },
  },
  {
    name: 'state is {} when the app has no lifespan support',
    ids: ['HTTP-SCOPE-STATE', 'LIFESPAN-UNSUPPORTED'],
    protocols: ALL,
    async run(ctx) {
      const server = await ctx.start(echoScopeApp());
      expect(json(await server.fetch()).state).toEqual({});
    },
  },
];

/** Scenarios on the `http` scope. */
export const scopeCases: CaseGroup = { topic: 'http scope', cases };
