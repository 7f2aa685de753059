/** @module Test helpers: a fake server (plain receive/send functions that record), scopes, and violation collection. */
import type { Application, HttpScope, LifespanScope, Receive, ReceiveMessage, Scope, Send, SendMessage } from '@tsgi/spec';
import { expect } from 'vitest';
import { validate, type ValidationError } from '../src/index.js';

/** A valid `http` scope with `overrides` applied (a fresh object on every call). */
export function httpScope(overrides: Record<string, unknown> = {}): HttpScope {
  return {
    type: 'http',
    tsgi: { version: '1.0', specVersion: '1.1' },
    httpVersion: '1.1',
    method: 'GET',
    scheme: 'http',
    path: '/',
    rawPath: '/',
    queryString: '',
    rootPath: '',
    headers: [['host', 'example.com']],
    client: ['127.0.0.1', 50000],
    server: ['127.0.0.1', 8000],
    extensions: {},
    state: {},
    ...overrides,
  } as HttpScope;
}

/** A valid `lifespan` scope with `overrides` applied. */
export function lifespanScope(overrides: Record<string, unknown> = {}): LifespanScope {
  return { type: 'lifespan', tsgi: { version: '1.0', specVersion: '1.0' }, state: {}, extensions: {}, ...overrides } as LifespanScope;
}

/** `http.request` with `body` bytes. */
export function request(body = '', moreBody = false): ReceiveMessage {
  return { type: 'http.request', body: new TextEncoder().encode(body), moreBody };
}

/** `http.disconnect`. */
export const DISCONNECT: ReceiveMessage = { type: 'http.disconnect' };

/** The fake server's side of one call: what it yields, and everything it got. */
export interface FakeServer {
  readonly receive: Receive;
  readonly send: Send;
  /** Every message `send()` got, as the same objects. */
  readonly sent: unknown[];
  /** Every message `receive()` yielded, as the same objects. */
  readonly yielded: unknown[];
}

/** Options of {@link fakeServer}. */
export interface FakeServerOptions {
  /** What `receive()` yields once `incoming` is used up; `'pending'` never settles. Default `http.disconnect`. */
  after?: unknown;
  /** How `send()` answers message number `index`; default: resolve. */
  answer?: (message: unknown, index: number) => Promise<void>;
}

/** A fake server: `receive()` yields `incoming` in order, then `options.after`; `send()` records and resolves. */
export function fakeServer(incoming: readonly unknown[] = [request()], options: FakeServerOptions = {}): FakeServer {
  const queue = [...incoming];
  const sent: unknown[] = [];
  const yielded: unknown[] = [];
  const after = Object.hasOwn(options, 'after') ? options.after : DISCONNECT;
  const receive = (async () => {
    const message = queue.length > 0 ? queue.shift() : after;
    if (message === 'pending') return new Promise<never>(() => undefined);
    yielded.push(message);
    return message;
  }) as Receive;
  const send: Send = async (message: SendMessage) => {
    sent.push(message);
    if (options.answer !== undefined) await options.answer(message, sent.length - 1);
  };
  return { receive, send, sent, yielded };
}

/** A violation reduced to what tests compare. */
export interface Seen {
  readonly requirement: string;
  readonly side: 'app' | 'server';
}

/** The outcome of one validated call in report mode. */
export interface Outcome {
  readonly violations: Seen[];
  readonly errors: ValidationError[];
  readonly server: FakeServer;
  /** The app's own error, if its promise rejected. */
  readonly thrown: unknown;
}

/** Runs `validate(app)` in report mode for one call and collects every violation. */
export async function runReporting(app: Application, scope: unknown = httpScope(), server: FakeServer = fakeServer()): Promise<Outcome> {
  const errors: ValidationError[] = [];
  const wrapped = validate(app, { onViolation: (v) => errors.push(v) });
  let thrown: unknown;
  try {
    await wrapped(scope as Scope, server.receive, server.send);
  } catch (error) {
    thrown = error;
  }
  return { violations: errors.map(({ requirement, side }) => ({ requirement, side })), errors, server, thrown };
}

/** Runs `validate(app)` in throw mode for one call; resolves to the rejection (or `undefined`). */
export async function runThrowing(app: Application, scope: unknown = httpScope(), server: FakeServer = fakeServer()): Promise<unknown> {
  try {
    await validate(app)(scope as Scope, server.receive, server.send);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Asserts that `error` is a ValidationError for `requirement` on `side`. */
export function expectViolation(error: unknown, requirement: string, side: 'app' | 'server'): void {
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({ name: 'ValidationError', code: 'TSGI_VALIDATION', requirement, side });
  expect((error as Error).message).toContain(requirement);
}

/** A plain app: reads the body, sends `messages` in order (awaiting each), returns. */
export function sending(...messages: unknown[]): Application {
  return async (_scope, receive, send) => {
    let message = await receive();
    while (message.type === 'http.request' && message.moreBody) message = await receive();
    for (const m of messages) await send(m as SendMessage);
  };
}

/** `http.response.start` with `status` and `headers`. */
export function start(status = 200, headers: ReadonlyArray<readonly [string, string]> = [], extra: Record<string, unknown> = {}): unknown {
  return { type: 'http.response.start', status, headers, ...extra };
}

/** `http.response.body` with `text` (UTF-8) and `moreBody`. */
export function body(text = '', moreBody = false): unknown {
  return { type: 'http.response.body', body: new TextEncoder().encode(text), moreBody };
}

/** `scope.extensions` with the three extensions of extensions.md §3–§5. */
export const ALL_EXTENSIONS = { 'http.response.trailers': {}, 'http.response.pathsend': {}, 'http.response.earlyHints': {} };

/** Overrides for {@link httpScope}: an HTTP/2 request with all three extensions advertised (as a server may). */
export const H2_EXTENSIONS: Record<string, unknown> = { httpVersion: '2', extensions: ALL_EXTENSIONS };

/** `http.response.trailers` with `headers` and `moreTrailers`. */
export function trailers(headers: ReadonlyArray<readonly [string, string]> = [], moreTrailers = false): unknown {
  return { type: 'http.response.trailers', headers, moreTrailers };
}

/** `http.response.pathsend` of `path`, with `extra` keys (`offset`, `length`). */
export function pathsend(path: string, extra: Record<string, unknown> = {}): unknown {
  return { type: 'http.response.pathsend', path, ...extra };
}

/** `http.response.earlyHints` with `headers`. */
export function earlyHints(headers: ReadonlyArray<readonly [string, string]> = [['link', '</style.css>; rel=preload; as=style']]): unknown {
  return { type: 'http.response.earlyHints', headers };
}
