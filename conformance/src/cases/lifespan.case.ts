/** @module Scenarios on the lifespan protocol: startup, state, failure, unsupported apps and shutdown. */
import { expect } from 'vitest';
import type { Application, LifespanScope, Receive, Send } from '@tsgi/spec';
import { echoScopeApp, httpOnly, respond } from '../probes/basic.js';
import { Recorder } from '../recorder.js';
import type { CaseGroup, ConformanceCase } from '../types.js';
import { Gate, sleep, text, withTimeout } from '../util.js';
import { ALL, get, json } from './helpers.js';

const hello = httpOnly(async (scope, _receive, send) => respond(send, 200, JSON.stringify(scope.state)));

/** A lifespan app whose steps are given as a function of (scope, receive, send), with http served by `hello`. */
function lifespanApp(lifespan: (scope: LifespanScope, receive: Receive, send: Send) => Promise<void>, http: Application = hello): Application {
  return async (scope, receive, send) => (scope.type === 'lifespan' ? lifespan(scope, receive, send) : http(scope, receive, send));
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error);
}

const cases: ConformanceCase[] = [
  {
    name: 'startup runs before serving; the lifespan scope is well-formed; state reaches requests',
    ids: ['LIFESPAN-STARTUP', 'LIFESPAN-STATE', 'VERSION-KEY', 'EXT-ADVERTISED'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      let snapshot: unknown = null;
      const app = lifespanApp(async (scope, receive, send) => {
        snapshot = { type: scope.type, tsgi: scope.tsgi, state: { ...scope.state }, extensions: typeof scope.extensions };
        rec.push((await receive()).type);
        await sleep(200);
        scope.state.db = 'pool';
        await send({ type: 'lifespan.startup.complete' });
        rec.push('complete sent');
        rec.push((await receive()).type);
        await send({ type: 'lifespan.shutdown.complete' });
      });
      const server = await ctx.start(app);
      expect(rec.events, 'serve() resolved only after startup completed').toEqual(['lifespan.startup', 'complete sent']);
      expect(snapshot).toEqual({ type: 'lifespan', tsgi: { version: '1.0', specVersion: '1.1' }, state: {}, extensions: 'object' });
      expect(json(await server.fetch())).toEqual({ db: 'pool' });
    },
  },
  {
    name: 'lifespan.startup.failed: start rejects with the app\'s message; no shutdown is sent',
    ids: ['LIFESPAN-STARTUP-FAILED'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const app = lifespanApp(async (_scope, receive, send) => {
        rec.push((await receive()).type);
        await send({ type: 'lifespan.startup.failed', message: 'database unreachable 4e1c' });
        rec.push((await withTimeout(receive(), 1_000, 'no further lifespan message').catch(() => ({ type: 'none' }))).type);
      });
      const error = await ctx.start(app).then(() => null, (e: unknown) => e);
      expect(error, 'start() rejected').not.toBeNull();
      expect(errorText(error)).toContain('database unreachable 4e1c');
      await rec.waitFor(() => rec.events.length === 2, 3_000);
      expect(rec.events).toEqual(['lifespan.startup', 'none']);
    },
  },
  ...(['throws', 'returns'] as const).map((how): ConformanceCase => ({
    name: `app ${how} after lifespan.startup without answering: startup failed`,
    ids: ['LIFESPAN-STARTUP-ERROR'],
    async run(ctx) {
      const app = lifespanApp(async (_scope, receive) => {
        await receive();
        if (how === 'throws') throw new Error('config missing 91b2');
      });
      const error = await ctx.start(app).then(() => null, (e: unknown) => e);
      expect(error, 'start() rejected').not.toBeNull();
      if (how === 'throws') expect(errorText(error)).toContain('config missing 91b2');
    },
  })),
  ...(['throws', 'returns'] as const).map((how): ConformanceCase => ({
    name: `app ${how} on lifespan before receive(): lifespan unsupported, the server serves, state {}`,
    ids: ['LIFESPAN-UNSUPPORTED', 'HTTP-SCOPE-STATE'],
    protocols: ALL,
    async run(ctx) {
      let lifespanCalls = 0;
      const http = echoScopeApp();
      const app: Application = async (scope, receive, send) => {
        if (scope.type === 'http') return http(scope, receive, send);
        lifespanCalls++;
        if (how === 'throws') throw new Error(`unsupported scope type ${scope.type}`);
      };
      const server = await ctx.start(app);
      expect(json(await server.fetch()).state).toEqual({});
      await server.close();
      expect(lifespanCalls, 'no second lifespan call at shutdown').toBe(1);
      expect(server.log.at('error'), 'not logged as an error').toEqual([]);
    },
  })),
  {
    name: 'close(): in-flight request finishes first, then lifespan.shutdown is sent and awaited',
    ids: ['LIFESPAN-SHUTDOWN', 'SERVER-SHUTDOWN-GRACEFUL'],
    protocols: ALL,
    async run(ctx) {
      const rec = new Recorder<string>();
      const gate = new Gate();
      const http = httpOnly(async (_scope, _receive, send) => {
        rec.push('request in');
        await gate.wait();
        await respond(send, 200, 'finished');
        rec.push('request done');
      });
      const app = lifespanApp(async (_scope, receive, send) => {
        await receive();
        await send({ type: 'lifespan.startup.complete' });
        rec.push((await receive()).type);
        await sleep(100);
        rec.push('shutdown.complete sent');
        await send({ type: 'lifespan.shutdown.complete' });
      }, http);
      const server = await ctx.start(app, { shutdownTimeout: 5_000 });
      const exchange = await server.open({ method: 'GET' }, { contentLength: 0 });
      await rec.waitFor((e) => e === 'request in');
      let closed = false;
      const closing = server.close().then(() => void (closed = true));
      await sleep(200);
      expect(rec.events, 'no shutdown while a request is in flight').toEqual(['request in']);
      gate.open();
      expect(text((await exchange.reply()).body)).toBe('finished');
      await withTimeout(closing, 5_000, 'close()');
      expect(closed).toBe(true);
      expect(rec.events).toEqual(['request in', 'request done', 'lifespan.shutdown', 'shutdown.complete sent']);
    },
  },
  {
    name: 'lifespan.shutdown.failed is logged as an error with its message',
    ids: ['LIFESPAN-SHUTDOWN'],
    async run(ctx) {
      const app = lifespanApp(async (_scope, receive, send) => {
        await receive();
        await send({ type: 'lifespan.startup.complete' });
        await receive();
        await send({ type: 'lifespan.shutdown.failed', message: 'flush failed 5d20' });
      });
      const server = await ctx.start(app);
      await withTimeout(server.close(), 5_000, 'close()');
      expect(server.log.has('error', 'flush failed 5d20')).toBe(true);
    },
  },
  {
    name: 'the app is called once for lifespan and once per request',
    ids: ['APP-CALLABLE'],
    protocols: ALL,
    async run(ctx) {
      const calls: string[] = [];
      const app = lifespanApp(async (scope, receive, send) => {
        calls.push(scope.type);
        await receive();
        await send({ type: 'lifespan.startup.complete' });
        await receive();
        await send({ type: 'lifespan.shutdown.complete' });
      }, httpOnly(async (scope, _r, send) => {
        calls.push(scope.type);
        await respond(send, 200, 'ok');
      }));
      const server = await ctx.start(app);
      const connection = await server.connection();
      for (let i = 0; i < 3; i++) expect((await connection.fetch()).status).toBe(200);
      await server.close();
      expect(calls).toEqual(['lifespan', 'http', 'http', 'http']);
    },
  },
  {
    name: 'lifespan messages out of order reject with TSGI_INVALID_MESSAGE; startup still works',
    ids: ['MSG-INVALID'],
    async run(ctx) {
      const rec = new Recorder<string>();
      const attempt = async (label: string, p: Promise<void>): Promise<void> => {
        await p.then(() => rec.push(`${label}: resolved`), (e: { code?: unknown }) => rec.push(`${label}: ${String(e?.code)}`));
      };
      const app = lifespanApp(async (_scope, receive, send) => {
        const first = receive();
        await attempt('shutdown.complete before shutdown', send({ type: 'lifespan.shutdown.complete' }));
        await first;
        await attempt('http message on lifespan', send({ type: 'http.response.start', status: 200 }));
        await send({ type: 'lifespan.startup.complete' });
        await attempt('second startup.complete', send({ type: 'lifespan.startup.complete' }));
        await receive();
        await send({ type: 'lifespan.shutdown.complete' });
      });
      const server = await ctx.start(app);
      expect((await server.request(get('/'))).status).toBe(200);
      expect(rec.events).toEqual([
        'shutdown.complete before shutdown: TSGI_INVALID_MESSAGE',
        'http message on lifespan: TSGI_INVALID_MESSAGE',
        'second startup.complete: TSGI_INVALID_MESSAGE',
      ]);
    },
  },
];

/** Scenarios on lifespan. */
export const lifespanCases: CaseGroup = { topic: 'lifespan', cases };
