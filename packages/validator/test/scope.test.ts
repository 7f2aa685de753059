import type { Application, Scope } from '@tsgi/spec';
import { describe, expect, it } from 'vitest';
import { validate } from '../src/index.js';
import { body, expectViolation, fakeServer, httpScope, lifespanScope, runReporting, runThrowing, sending, start } from './helpers.js';

const ok = sending(start(), body());
const noop: Application = async () => undefined;

/** [requirement, a good scope (overrides), a bad scope (overrides)] for the http scope keys. */
const HTTP_KEY_CASES: ReadonlyArray<readonly [string, Record<string, unknown>, Record<string, unknown>]> = [
  ['VERSION-KEY', { tsgi: { version: '1.0', specVersion: '1.12' } }, { tsgi: { version: '2.0', specVersion: '1.0' } }],
  ['VERSION-KEY', { tsgi: { version: '1.3', specVersion: '1.0' } }, { tsgi: { version: '1.0', specVersion: '1' } }],
  ['VERSION-KEY', { tsgi: { version: '1.0', specVersion: '1.0', extra: 1 } }, { tsgi: '1.0' }],
  ['HTTP-SCOPE-VERSION', { httpVersion: '2' }, { httpVersion: '2.0' }],
  ['HTTP-SCOPE-VERSION', { httpVersion: '1.0' }, { httpVersion: 'HTTP/1.1' }],
  ['HTTP-SCOPE-METHOD', { method: 'get' }, { method: 'GE T' }],
  ['HTTP-SCOPE-METHOD', { method: 'PROPFIND' }, { method: '' }],
  ['HTTP-SCOPE-SCHEME', { scheme: 'https' }, { scheme: 'HTTPS' }],
  ['HTTP-SCOPE-SCHEME', { scheme: 'http' }, { scheme: 'ws' }],
  ['HTTP-SCOPE-PATH', { path: '/caf\u00e9/\u20ac', rawPath: '/caf%C3%A9/%E2%82%AC' }, { path: 'x' }],
  ['HTTP-SCOPE-PATH', { path: '*', rawPath: '*' }, { path: 7 }],
  ['HTTP-SCOPE-RAWPATH', { rawPath: '/a%zz/b%C3' }, { rawPath: '/caf\u20ac' }],
  ['HTTP-SCOPE-RAWPATH', { rawPath: '/p' }, { rawPath: 'p' }],
  ['HTTP-SCOPE-QUERY', { queryString: 'x=%20&y=a?b' }, { queryString: 'q=\u20ac' }],
  ['HTTP-SCOPE-QUERY', { queryString: '' }, { queryString: null }],
  ['HTTP-SCOPE-PATH-ROOT', { rootPath: '/api', path: '/api/x' }, { rootPath: '/api/', path: '/api/x' }],
  ['HTTP-SCOPE-PATH-ROOT', { rootPath: '/api', path: '/api' }, { rootPath: 'api', path: '/api/x' }],
  ['HTTP-SCOPE-PATH-ROOT', { rootPath: '/api', path: '/api/apix' }, { rootPath: '/api', path: '/apix' }],
  ['HTTP-SCOPE-PATH-ROOT', { rootPath: '', path: '*', rawPath: '*' }, { rootPath: '/api', path: '*', rawPath: '*' }],
  ['HTTP-SCOPE-HEADERS', { headers: [['host', 'h'], ['cookie', 'a=1'], ['cookie', 'b=2']] }, { headers: [['Host', 'h']] }],
  ['HTTP-SCOPE-HEADERS', { headers: [] }, { headers: [[':authority', 'h']] }],
  ['HTTP-SCOPE-HEADERS', { headers: [['x', 'a  b']] }, { headers: [['x', ' v']] }],
  ['HTTP-SCOPE-HEADERS', { headers: [['x', 'a\tb']] }, { headers: [['x', 'a\r\nb']] }],
  ['HTTP-SCOPE-HEADERS', { headers: [['x', '']] }, { headers: [['x']] }],
  ['HTTP-SCOPE-HEADERS', { headers: [['x', '1']] }, { headers: { host: 'h' } }],
  ['HTTP-HEADERS-BYTES', { headers: [['x', '\u00c3\u00a9']] }, { headers: [['x', '\u00e9\u20ac']] }],
  ['HTTP-SCOPE-CLIENT', { client: null }, { client: ['h', '80'] }],
  ['HTTP-SCOPE-CLIENT', { client: ['::1', 1] }, { client: 'h:80' }],
  ['HTTP-SCOPE-SERVER', { server: ['/tmp/s.sock', null] }, { server: ['h', 70000] }],
  ['HTTP-SCOPE-SERVER', { server: null }, { server: ['h'] }],
  ['HTTP-SCOPE-EXTENSIONS', { extensions: { tls: {} } }, { extensions: null }],
  ['HTTP-SCOPE-EXTENSIONS', { extensions: { 'x-acme.id': { v: 1 } } }, { extensions: { 'x-acme.id': true } }],
  ['HTTP-SCOPE-STATE', { state: { db: 1 } }, { state: null }],
  ['HTTP-SCOPE-STATE', { state: {} }, { state: [] }],
];

describe('server side: the http scope, key by key', () => {
  it.each(HTTP_KEY_CASES)('%s: good %j passes, bad %j is named', async (requirement, good, bad) => {
    expect((await runReporting(ok, httpScope(good))).violations).toEqual([]);
    const out = await runReporting(ok, httpScope(bad));
    expect(out.violations).toEqual([{ requirement, side: 'server' }]);
    expectViolation(await runThrowing(ok, httpScope(bad)), requirement, 'server');
  });

  it('every key is present (http.md §1): a missing key is named by its requirement', async () => {
    for (const [key, requirement] of [['headers', 'HTTP-SCOPE-HEADERS'], ['rootPath', 'HTTP-SCOPE-PATH-ROOT'], ['client', 'HTTP-SCOPE-CLIENT'], ['tsgi', 'VERSION-KEY']] as const) {
      const scope: Record<string, unknown> = { ...httpScope() };
      delete scope[key];
      expect((await runReporting(ok, scope)).violations).toContainEqual({ requirement, side: 'server' });
    }
  });

  it('MSG-UNKNOWN-KEYS: an extra scope key is allowed', async () => {
    expect((await runReporting(ok, httpScope({ 'x-acme.trace': 'abc' }))).violations).toEqual([]);
  });

  it('in throw mode a bad scope rejects the app call and the app is not called', async () => {
    let called = false;
    const app: Application = async () => { called = true; };
    expectViolation(await runThrowing(app, httpScope({ method: '' })), 'HTTP-SCOPE-METHOD', 'server');
    expect(called).toBe(false);
  });
});

describe('server side: the scope type and the lifespan scope', () => {
  it('APP-UNKNOWN-SCOPE: a server calls apps only with known or advertised scope types', async () => {
    const bad = { type: 'websocket', tsgi: { version: '1.0', specVersion: '1.0' }, extensions: {}, state: {} };
    expect((await runReporting(noop, bad)).violations).toEqual([{ requirement: 'APP-UNKNOWN-SCOPE', side: 'server' }]);
    const good = { ...bad, type: 'x-acme.socket', extensions: { 'x-acme.socket': {} } };
    expect((await runReporting(noop, good)).violations).toEqual([]);
  });

  it('APP-CALLABLE: the scope is an object', async () => {
    expect((await runReporting(noop, 'http')).violations).toEqual([{ requirement: 'APP-CALLABLE', side: 'server' }]);
  });

  it.each([
    ['LIFESPAN-STATE', { state: {} }, { state: { early: true } }],
    ['LIFESPAN-STATE', { state: {} }, { state: null }],
    ['EXT-ADVERTISED', { extensions: { 'x-acme.a': {} } }, { extensions: undefined }],
    ['VERSION-KEY', { tsgi: { version: '1.0', specVersion: '1.1' } }, { tsgi: { version: '1.0', specVersion: 1 } }],
  ] as const)('%s on the lifespan scope: good %j, bad %j', async (requirement, good, bad) => {
    const app: Application = async () => { throw new Error('no lifespan'); };
    expect((await runReporting(app, lifespanScope(good))).violations).toEqual([]);
    expect((await runReporting(app, lifespanScope(bad))).violations).toEqual([{ requirement, side: 'server' }]);
  });
});

describe('server side: each call gets its own scope, receive, send and state', () => {
  it('HTTP-SCOPE-TYPE: no two requests share a scope object', async () => {
    const wrapped = validate(ok);
    const scope = httpScope();
    await wrapped(scope, fakeServer().receive, fakeServer().send);
    await wrapped(httpScope(), fakeServer().receive, fakeServer().send); // fresh: fine
    const error = await wrapped(scope, fakeServer().receive, fakeServer().send).catch((e: unknown) => e);
    expectViolation(error, 'HTTP-SCOPE-TYPE', 'server');
  });

  it('APP-CALLABLE: receive and send are not shared between calls', async () => {
    const wrapped = validate(ok);
    const server = fakeServer();
    await wrapped(httpScope(), server.receive, server.send);
    expectViolation(await wrapped(httpScope(), server.receive, fakeServer().send).catch((e: unknown) => e), 'APP-CALLABLE', 'server');
    expectViolation(await wrapped(httpScope(), fakeServer().receive, server.send).catch((e: unknown) => e), 'APP-CALLABLE', 'server');
  });

  it('HTTP-SCOPE-STATE: each request gets a new copy of the state, not the lifespan state nor another request\'s', async () => {
    const seen: string[] = [];
    const app: Application = async (scope, receive, send) => {
      if (scope.type === 'lifespan') return;
      await ok(scope, receive, send);
    };
    const wrapped = validate(app, { onViolation: (v) => seen.push(v.requirement) });
    const lifespanState = {};
    await wrapped(lifespanScope({ state: lifespanState }), fakeServer().receive, fakeServer().send);
    const shared = { db: 1 };
    await wrapped(httpScope({ state: shared }), fakeServer().receive, fakeServer().send);
    expect(seen).toEqual([]);
    await wrapped(httpScope({ state: shared }), fakeServer().receive, fakeServer().send);
    await wrapped(httpScope({ state: lifespanState }), fakeServer().receive, fakeServer().send);
    expect(seen).toEqual(['HTTP-SCOPE-STATE', 'HTTP-SCOPE-STATE']);
  });
});

export type { Scope };
