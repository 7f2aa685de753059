/**
 * @module An in-memory TSGI server for the tests: builds an `http` scope, feeds `receive()`, records what the app
 * sends, checks the messages the way a server would (MSG-INVALID), can make `send()` slow, can simulate a client
 * that leaves mid-response, and can advertise the `http.response.pathsend` extension.
 */
import { createHash } from 'node:crypto';
import {
  ClientDisconnectedError,
  InvalidMessageError,
  type Application,
  type HttpScope,
  type LifespanScope,
  type ReceiveMessage,
  type SendMessage,
} from '@tsgi/spec';
import { decodeLikeServer } from '../src/request-path.js';

export interface FakeRequest {
  readonly method?: string;
  /** The path as received (byte string), including the root path. Default `/`. */
  readonly rawPath?: string;
  /** The decoded path; by default decoded from `rawPath` as a server does (HTTP-SCOPE-PATH). */
  readonly path?: string;
  readonly rootPath?: string;
  readonly queryString?: string;
  readonly headers?: readonly (readonly [string, string])[];
  /** Advertise `http.response.pathsend` in `scope.extensions`. */
  readonly pathsend?: boolean;
  /** How `send()` resolves: `0` at once (default), `'immediate'` after setImmediate, a number of ms after a timer. */
  readonly sendDelay?: number | 'immediate';
  /**
   * The client leaves once this many body messages were accepted: later sends reject with TSGI_CLIENT_DISCONNECTED
   * (FLOW-SEND-AFTER-DISCONNECT). `0`: it is gone from the start, so even `http.response.start` rejects.
   */
  readonly disconnectAfterBodyMessages?: number;
  /**
   * The client leaves while the send of body message number `n` (0-based) is pending: that `send()` rejects with
   * TSGI_CLIENT_DISCONNECTED once its delay is over, and so does every later one.
   */
  readonly disconnectWhilePending?: number;
  /** Keep the body bytes (default `true`); `false` counts and hashes them only, for large files. */
  readonly keepBody?: boolean;
  /** Called with each accepted body chunk, after it is recorded. */
  readonly onBodyChunk?: (chunk: Uint8Array, index: number) => void;
}

export interface PathsendRecord {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

export interface FakeResponse {
  status: number | undefined;
  headers: [string, string][];
  /** A response header's value (the first one), or `undefined`. */
  header(name: string): string | undefined;
  body: Buffer;
  bodyLength: number;
  /** SHA-256 (hex) of all body bytes. */
  sha256: string;
  /** The number of `http.response.body` messages accepted. */
  bodyMessages: number;
  pathsend: PathsendRecord | undefined;
  /** The response reached its end (final body message or pathsend). */
  complete: boolean;
  /** What the app threw or rejected with, if anything. */
  error: unknown;
  /** The most `send()` calls that were pending at once. */
  maxOutstanding: number;
  /** Message types in the order sent. */
  types: string[];
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/** Decodes a raw path as the server would for `scope.path`. */
export const decodePath = decodeLikeServer;

/** Builds an `http` scope from a fake request. */
export function httpScope(request: FakeRequest): HttpScope {
  const rawPath = request.rawPath ?? '/';
  return {
    type: 'http',
    tsgi: { version: '1.0', specVersion: '1.0' },
    httpVersion: '1.1',
    method: request.method ?? 'GET',
    scheme: 'http',
    path: request.path ?? decodeLikeServer(rawPath),
    rawPath,
    queryString: request.queryString ?? '',
    rootPath: request.rootPath ?? '',
    headers: request.headers ?? [],
    client: ['127.0.0.1', 50000],
    server: ['127.0.0.1', 8080],
    extensions: request.pathsend ? { 'http.response.pathsend': {} } : {},
    state: {},
  };
}

/** A lifespan scope, to check that the app rejects it. */
export function lifespanScope(): LifespanScope {
  return { type: 'lifespan', tsgi: { version: '1.0', specVersion: '1.0' }, state: {}, extensions: {} };
}

function delay(how: number | 'immediate' | undefined): Promise<void> {
  if (how === 'immediate') return new Promise((resolve) => setImmediate(resolve));
  if (how !== undefined && how > 0) return new Promise((resolve) => setTimeout(resolve, how));
  return Promise.resolve();
}

/** Runs `app` for one request and records the response. The returned promise settles when the app does. */
export async function runApp(app: Application, request: FakeRequest = {}): Promise<FakeResponse> {
  const scope = httpScope(request);
  const keepBody = request.keepBody ?? true;
  const parts: Buffer[] = [];
  const hash = createHash('sha256');
  const response: FakeResponse = {
    status: undefined,
    headers: [],
    header: (name) => response.headers.find(([n]) => n === name)?.[1],
    body: Buffer.alloc(0),
    bodyLength: 0,
    sha256: '',
    bodyMessages: 0,
    pathsend: undefined,
    complete: false,
    error: undefined,
    maxOutstanding: 0,
    types: [],
  };
  let started = false;
  let gone = request.disconnectAfterBodyMessages === 0;
  let outstanding = 0;
  let received = false;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));

  const receive = async (): Promise<ReceiveMessage> => {
    if (!received) {
      received = true;
      return { type: 'http.request', body: new Uint8Array(0), moreBody: false };
    }
    await done;
    return { type: 'http.disconnect' };
  };

  const accept = (message: SendMessage): void => {
    const m = message as SendMessage & Record<string, unknown>;
    if (response.complete) throw new InvalidMessageError('message after the response is complete');
    if (m.type === 'http.response.start') {
      if (started) throw new InvalidMessageError('second http.response.start');
      const status = m['status'];
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
        throw new InvalidMessageError(`bad status ${String(status)}`);
      }
      for (const [name, value] of (m['headers'] ?? []) as [string, string][]) {
        if (!TOKEN.test(name)) throw new InvalidMessageError(`bad header name ${name}`);
        if (/[\r\n\0]|[^\x00-\xff]/.test(value)) throw new InvalidMessageError(`bad header value for ${name}`);
      }
      if (gone) throw new ClientDisconnectedError();
      started = true;
      response.status = status;
      response.headers = [...((m['headers'] ?? []) as [string, string][])].map(([n, v]) => [n, v]);
      return;
    }
    if (!started) throw new InvalidMessageError(`${m.type} before http.response.start`);
    if (m.type === 'http.response.body') {
      if (gone) throw new ClientDisconnectedError();
      const body = (m['body'] as Uint8Array | undefined) ?? new Uint8Array(0);
      hash.update(body);
      response.bodyLength += body.byteLength;
      if (keepBody) parts.push(Buffer.from(body));
      request.onBodyChunk?.(body, response.bodyMessages);
      response.bodyMessages++;
      if (request.disconnectAfterBodyMessages !== undefined && response.bodyMessages >= request.disconnectAfterBodyMessages) {
        gone = true;
      }
      if (!m['moreBody']) response.complete = true;
      return;
    }
    if (m.type === 'http.response.pathsend') {
      if (!request.pathsend) throw new InvalidMessageError('http.response.pathsend was not advertised');
      if (gone) throw new ClientDisconnectedError();
      response.pathsend = { path: m['path'] as string, offset: m['offset'] as number, length: m['length'] as number };
      response.complete = true;
      return;
    }
    throw new InvalidMessageError(`unknown message type ${String(m.type)}`);
  };

  const send = async (message: SendMessage): Promise<void> => {
    response.types.push(message.type);
    outstanding++;
    response.maxOutstanding = Math.max(response.maxOutstanding, outstanding);
    try {
      accept(message);
      const leaving = message.type === 'http.response.body' && request.disconnectWhilePending === response.bodyMessages - 1;
      await delay(request.sendDelay);
      if (leaving) {
        gone = true;
        throw new ClientDisconnectedError();
      }
    } finally {
      outstanding--;
    }
  };

  try {
    await app(scope, receive, send);
  } catch (error) {
    response.error = error;
  }
  finished();
  response.body = Buffer.concat(parts);
  response.sha256 = hash.digest('hex');
  return response;
}
