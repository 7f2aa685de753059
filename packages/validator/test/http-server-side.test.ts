import type { Application, SendMessage } from '@tsgi/spec';
import { ClientDisconnectedError, InvalidMessageError } from '@tsgi/spec';
import { describe, expect, it } from 'vitest';
import { body, DISCONNECT, expectViolation, fakeServer, httpScope, request, runReporting, runThrowing, sending, start, type FakeServer } from './helpers.js';

/** Receives `count` messages (stopping at a disconnect), then answers 200. */
function receiving(count: number): Application {
  return async (_s, receive, send) => {
    for (let i = 0; i < count; i += 1) if ((await receive()).type === 'http.disconnect') break;
    await send(start() as SendMessage);
    await send(body() as SendMessage);
  };
}

/** [requirement, what receive() yields on a good server, on a bad one, how many receives the app makes]. */
const RECEIVE_CASES: ReadonlyArray<readonly [string, string, readonly unknown[], readonly unknown[], number]> = [
  ['HTTP-REQUEST-BODY', 'body is a Uint8Array', [{ type: 'http.request', body: Buffer.from('x'), moreBody: false }], [{ type: 'http.request', body: 'x', moreBody: false }], 1],
  ['HTTP-REQUEST-BODY', 'moreBody is always set', [request('', false)], [{ type: 'http.request', body: new Uint8Array() }], 1],
  ['HTTP-REQUEST-BODY', 'a message is an object', [request()], [null], 1],
  ['FLOW-RECEIVE-WAIT', 'only http.disconnect after the last body', [request('a', true), request('b'), DISCONNECT], [request('a'), request('b')], 2],
  ['FLOW-RECEIVE-AFTER-END', 'http.disconnect again after http.disconnect', [DISCONNECT, DISCONNECT], [DISCONNECT, request()], 2],
  ['EXT-ADVERTISED', 'only http messages or an advertised extension\'s', [request()], [{ type: 'x-acme.event' }], 1],
];

describe('server side: what receive() yields on http', () => {
  it.each(RECEIVE_CASES)('%s: %s', async (requirement, _name, good, bad, count) => {
    const app = requirement === 'FLOW-RECEIVE-AFTER-END' ? disconnectTwice : receiving(count);
    expect((await runReporting(app, httpScope(), fakeServer(good))).violations).toEqual([]);
    expect((await runReporting(app, httpScope(), fakeServer(bad))).violations).toContainEqual({ requirement, side: 'server' });
    expectViolation(await runThrowing(app, httpScope(), fakeServer(bad)), requirement, 'server');
  });

  it('EXT-ADVERTISED: a message of an advertised extension may be yielded', async () => {
    const scope = httpScope({ extensions: { 'x-acme.event': {} } });
    expect((await runReporting(receiving(2), scope, fakeServer([{ type: 'x-acme.event' }, request()]))).violations).toEqual([]);
  });

  it('FLOW-RECEIVE-AFTER-END: a receive() called after the response is complete yields http.disconnect', async () => {
    const app: Application = async (_s, receive, send) => {
      await send(start() as SendMessage);
      await send(body() as SendMessage);
      await receive();
    };
    expect((await runReporting(app, httpScope(), fakeServer([DISCONNECT]))).violations).toEqual([]);
    const out = await runReporting(app, httpScope(), fakeServer([request()]));
    expect(out.violations).toEqual([{ requirement: 'FLOW-RECEIVE-AFTER-END', side: 'server' }]);
  });
});

/** An app that is told of a disconnect, then sends: a conforming server rejects the send. */
const disconnectTwice: Application = async (_s, receive) => {
  await receive();
  await receive();
};

/** A server whose send() answers message `index` with `answer`. */
function answering(answer: (message: unknown, index: number) => Promise<void>, incoming = [request()]): FakeServer {
  return fakeServer(incoming, { answer });
}

describe('server side: how send() answers', () => {
  it('MSG-INVALID: the rejection for an invalid message is an Error with name InvalidMessageError and code TSGI_INVALID_MESSAGE', async () => {
    const app: Application = async (_s, receive, send) => {
      await receive();
      await send(start(99) as SendMessage).catch(() => undefined);
      await send(start() as SendMessage);
      await send(body() as SendMessage);
    };
    const good = answering(async (m) => { if ((m as { status?: number }).status === 99) throw new InvalidMessageError('bad status'); });
    expect((await runReporting(app, httpScope(), good)).violations).toEqual([{ requirement: 'HTTP-START-STATUS', side: 'app' }]);
    const bad = answering(async (m) => { if ((m as { status?: number }).status === 99) throw Object.assign(new Error('bad'), { name: 'InvalidMessageError' }); });
    expect((await runReporting(app, httpScope(), bad)).violations).toEqual([
      { requirement: 'HTTP-START-STATUS', side: 'app' },
      { requirement: 'MSG-INVALID', side: 'server' },
    ]);
  });

  it('FLOW-SEND-AFTER-DISCONNECT: the disconnect rejection is an Error with name ClientDisconnectedError and code TSGI_CLIENT_DISCONNECTED', async () => {
    const app: Application = async (s, r, send) => { await sending(start())(s, r, send).catch(() => undefined); };
    expect((await runReporting(app, httpScope(), answering(async () => { throw new ClientDisconnectedError(); }))).violations).toEqual([]);
    const bad = answering(async () => { throw { name: 'ClientDisconnectedError', code: 'TSGI_CLIENT_DISCONNECTED' }; });
    const out = await runReporting(app, httpScope(), bad);
    expect(out.violations).toContainEqual({ requirement: 'FLOW-SEND-AFTER-DISCONNECT', side: 'server' });
  });

  it('MSG-INVALID: a valid message is not rejected as invalid', async () => {
    const good = answering(async () => undefined);
    expect((await runReporting(sending(start(), body()), httpScope(), good)).violations).toEqual([]);
    const bad = answering(async () => { throw new InvalidMessageError('nope'); });
    expectViolation(await runThrowing(sending(start(), body()), httpScope(), bad), 'MSG-INVALID', 'server');
  });

  it('MSG-INVALID: a server does not accept a message it must reject (report mode lets the app\'s bad message through)', async () => {
    const out = await runReporting(sending(start(), start(), body()));
    expect(out.violations).toEqual([{ requirement: 'HTTP-START-FIRST', side: 'app' }, { requirement: 'MSG-INVALID', side: 'server' }]);
  });

  it('MSG-INVALID: an invalid message is rejected as invalid even after the client went', async () => {
    const app: Application = async (s, r, send) => { await sending(start(700))(s, r, send).catch(() => undefined); };
    const good = answering(async () => { throw new InvalidMessageError('bad status'); });
    expect((await runReporting(app, httpScope(), good)).violations).toEqual([
      { requirement: 'HTTP-START-STATUS', side: 'app' },
      { requirement: 'APP-ERROR-BEFORE-START', side: 'app' }, // the client is still there, and no response came
    ]);
    const bad = answering(async () => { throw new ClientDisconnectedError(); });
    expect((await runReporting(app, httpScope(), bad)).violations).toEqual([
      { requirement: 'HTTP-START-STATUS', side: 'app' },
      { requirement: 'MSG-INVALID', side: 'server' },
    ]);
  });

  it('MSG-INVALID: an invalid content-length may be rejected at the start or at the first body', async () => {
    const app: Application = async (s, r, send) => { await sending(start(200, [['content-length', 'x']]), body())(s, r, send).catch(() => undefined); };
    const atBody = answering(async (_m, i) => { if (i === 1) throw new InvalidMessageError('content-length'); });
    const out = await runReporting(app, httpScope(), atBody);
    expect(out.violations.filter((v) => v.side === 'server')).toEqual([]);
  });

  it('FLOW-SEND-AFTER-DISCONNECT: once receive() yielded http.disconnect before the response completed, send() rejects', async () => {
    const app: Application = async (_s, receive, send) => {
      await receive();
      await receive(); // http.disconnect: the client went
      await send(start() as SendMessage).catch(() => undefined);
    };
    const good = answering(async () => { throw new ClientDisconnectedError(); }, [request(), DISCONNECT]);
    expect((await runReporting(app, httpScope(), good)).violations).toEqual([]);
    const bad = fakeServer([request(), DISCONNECT]);
    expect((await runReporting(app, httpScope(), bad)).violations).toEqual([{ requirement: 'FLOW-SEND-AFTER-DISCONNECT', side: 'server' }]);
    expectViolation(await runThrowing(app, httpScope(), fakeServer([request(), DISCONNECT])), 'FLOW-SEND-AFTER-DISCONNECT', 'server');
  });

  it('a server error of another kind passes through unchanged', async () => {
    const failure = new Error('socket write failed');
    const out = await runReporting(sending(start(), body()), httpScope(), answering(async () => { throw failure; }));
    expect(out.thrown).toBe(failure);
    expect(out.violations).toEqual([]);
  });
});
