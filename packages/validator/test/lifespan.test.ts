import type { Application, LifespanSendMessage } from '@tsgi/spec';
import { describe, expect, it } from 'vitest';
import { expectViolation, fakeServer, lifespanScope, runReporting, runThrowing } from './helpers.js';

const STARTUP = { type: 'lifespan.startup' };
const SHUTDOWN = { type: 'lifespan.shutdown' };
const COMPLETE = { type: 'lifespan.startup.complete' };
const FAILED = { type: 'lifespan.startup.failed', message: 'no database' };
const DOWN = { type: 'lifespan.shutdown.complete' };

/** A lifespan app scripted as steps: 'r' receives, an object is sent. */
function script(...steps: ReadonlyArray<'r' | Record<string, unknown>>): Application {
  return async (_scope, receive, send) => {
    for (const step of steps) {
      if (step === 'r') await receive();
      else await send(step as unknown as LifespanSendMessage);
    }
  };
}

/** A server that yields startup and then shutdown, then never answers again. */
const server = (incoming: readonly unknown[] = [STARTUP, SHUTDOWN]) => fakeServer(incoming, { after: 'pending' });

describe('lifespan: sequences that keep the rules', () => {
  it.each([
    ['startup, complete, shutdown, complete', script('r', COMPLETE, 'r', DOWN)],
    ['startup, complete, shutdown, failed with a message', script('r', COMPLETE, 'r', { type: 'lifespan.shutdown.failed', message: 'pool leak' })],
    ['startup, failed, return (LIFESPAN-STARTUP-FAILED)', script('r', FAILED)],
    ['complete, then return before shutdown (LIFESPAN-SHUTDOWN allows it)', script('r', COMPLETE)],
    ['state filled at startup (LIFESPAN-STATE)', (async (scope, receive, send) => {
      await receive();
      scope.state['db'] = 'pool';
      await send(COMPLETE as LifespanSendMessage);
    }) as Application],
  ])('%s', async (_name, app) => {
    expect((await runReporting(app, lifespanScope(), server())).violations).toEqual([]);
    expect(await runThrowing(app, lifespanScope(), server())).toBeUndefined();
  });

  it('LIFESPAN-UNSUPPORTED: an app that throws at once is fine, and its error passes through', async () => {
    const error = new Error('unsupported scope type lifespan');
    const out = await runReporting(async () => { throw error; }, lifespanScope(), server());
    expect(out.violations).toEqual([]);
    expect(out.thrown).toBe(error);
  });
});

/** [requirement, side, name, app, what the server yields]. */
const BAD: ReadonlyArray<readonly [string, 'app' | 'server', string, Application, readonly unknown[]]> = [
  ['MSG-INVALID', 'app', 'an answer before its question', script(COMPLETE), [STARTUP, SHUTDOWN]],
  ['MSG-INVALID', 'app', 'a second answer', script('r', COMPLETE, FAILED), [STARTUP, SHUTDOWN]],
  ['MSG-INVALID', 'app', 'a shutdown answer before shutdown', script('r', COMPLETE, DOWN), [STARTUP, SHUTDOWN]],
  ['MSG-INVALID', 'app', 'a second shutdown answer', script('r', COMPLETE, 'r', DOWN, DOWN), [STARTUP, SHUTDOWN]],
  ['MSG-INVALID', 'app', 'an unknown lifespan message', script('r', { type: 'lifespan.ready' }), [STARTUP, SHUTDOWN]],
  ['MSG-INVALID', 'app', 'a message key that is not a string', script('r', { type: 'lifespan.startup.failed', message: 42 }), [STARTUP]],
  ['MSG-INVALID', 'app', 'an http message on lifespan', script('r', { type: 'http.response.start', status: 200 }), [STARTUP]],
  ['EXT-ADVERTISED', 'app', 'an unadvertised extension message', script('r', { type: 'x-acme.ready' }, COMPLETE), [STARTUP]],
  ['LIFESPAN-STARTUP-ERROR', 'app', 'returning after startup without an answer', script('r'), [STARTUP]],
  ['LIFESPAN-SHUTDOWN', 'app', 'returning after shutdown without an answer', script('r', COMPLETE, 'r'), [STARTUP, SHUTDOWN]],
  ['APP-CALLABLE', 'app', 'replacing scope.state instead of filling it', (async (scope, receive, send) => {
    await receive();
    (scope as { state: object }).state = { db: 1 };
    await send(COMPLETE as LifespanSendMessage);
  }) as Application, [STARTUP]],
  ['LIFESPAN-STARTUP', 'server', 'the first message is not lifespan.startup', script('r', COMPLETE), [SHUTDOWN]],
  ['LIFESPAN-STARTUP', 'server', 'a non-lifespan message first', script('r', COMPLETE), [{ type: 'http.request', body: new Uint8Array(), moreBody: false }]],
  ['LIFESPAN-STARTUP', 'server', 'lifespan.startup twice', script('r', COMPLETE, 'r', DOWN), [STARTUP, STARTUP]],
  ['LIFESPAN-SHUTDOWN', 'server', 'shutdown before the app answered startup', script('r', 'r'), [STARTUP, SHUTDOWN]],
  ['LIFESPAN-STARTUP-FAILED', 'server', 'shutdown after startup failed', script('r', FAILED, 'r'), [STARTUP, SHUTDOWN]],
  ['LIFESPAN-SHUTDOWN', 'server', 'a message after shutdown', script('r', COMPLETE, 'r', DOWN, 'r'), [STARTUP, SHUTDOWN, SHUTDOWN]],
];

describe('lifespan: each broken rule is named, with its side', () => {
  it.each(BAD)('%s (%s): %s', async (requirement, side, _name, app, incoming) => {
    expectViolation(await runThrowing(app, lifespanScope(), server(incoming)), requirement, side);
    expect((await runReporting(app, lifespanScope(), server(incoming))).violations).toContainEqual({ requirement, side });
  });

  it('EXT-ADVERTISED: an advertised extension\'s message is allowed on lifespan', async () => {
    const scope = lifespanScope({ extensions: { 'x-acme.ready': {} } });
    const app = script('r', { type: 'x-acme.ready' }, COMPLETE);
    expect((await runReporting(app, scope, server([STARTUP]))).violations).toEqual([]);
  });
});
