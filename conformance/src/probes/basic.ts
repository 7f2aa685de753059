/**
 * @module Basic probe apps: answer with the scope as JSON, echo or digest the request body, send a fixed
 * response. Each serves `http` only and throws for other scope types (so lifespan is unsupported), unless
 * wrapped by {@link withLifespan}.
 */
import { createHash } from 'node:crypto';
import type { Application, HttpScope, Receive, Send, Scope } from '@tsgi/spec';
import type { Recorder } from '../recorder.js';
import { utf8 } from '../util.js';
import { plainChunks, tagRemote } from './tag.js';

/** Header list as a probe writes it. */
export type Headers = ReadonlyArray<readonly [string, string]>;

/** An http-only app: throws for any other scope type (spec: APP-UNKNOWN-SCOPE). */
export function httpOnly(handler: (scope: HttpScope, receive: Receive, send: Send) => Promise<void>): Application {
  return async (scope: Scope, receive, send) => {
    if (scope.type !== 'http') throw new Error(`unsupported scope type ${(scope as { type: string }).type}`);
    await handler(scope, receive, send);
  };
}

/** Sends a complete response with a content-length. */
export async function respond(send: Send, status: number, body: string | Uint8Array = '', headers: Headers = []): Promise<void> {
  const bytes = typeof body === 'string' ? utf8(body) : body;
  await send({
    type: 'http.response.start',
    status,
    headers: [...headers, ['content-length', String(bytes.length)]],
  });
  await send({ type: 'http.response.body', body: bytes });
}

/** Reads the whole request body; returns the bytes and the messages' shapes. */
export async function readBody(receive: Receive): Promise<{ body: Uint8Array; messages: BodyMessageShape[] }> {
  const chunks: Uint8Array[] = [];
  const messages: BodyMessageShape[] = [];
  for (;;) {
    const message = await receive();
    if (message.type !== 'http.request') {
      messages.push({ type: message.type, length: 0, moreBody: false, isUint8Array: false });
      break;
    }
    messages.push({
      type: message.type,
      length: message.body.length,
      moreBody: message.moreBody,
      isUint8Array: message.body instanceof Uint8Array,
    });
    chunks.push(message.body);
    if (!message.moreBody) break;
  }
  return { body: Buffer.concat(chunks), messages };
}

/** What a probe records of one received message. */
export interface BodyMessageShape {
  readonly type: string;
  readonly length: number;
  readonly moreBody: boolean;
  readonly isUint8Array: boolean;
}

/** The scope as JSON-able data: every key except functions. */
export function scopeData(scope: HttpScope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(scope)) if (typeof value !== 'function') out[key] = value;
  return out;
}

/** Answers 200 with `application/json` of the scope (minus functions); records the scope objects. */
export function echoScopeApp(recorder?: Recorder<{ scope: HttpScope; receive: Receive; send: Send }>): Application {
  const app = httpOnly(async (scope, receive, send) => {
    recorder?.push({ scope, receive, send });
    await respond(send, 200, JSON.stringify(scopeData(scope)), [['content-type', 'application/json']]);
  });
  return recorder ? app : tagRemote(app, { probe: 'echo-scope' });
}

/** Reads the body, records the message shapes, and echoes the body back with a content-length. */
export function bodyEchoApp(recorder?: Recorder<BodyMessageShape[]>): Application {
  const app = httpOnly(async (_scope, receive, send) => {
    const { body, messages } = await readBody(receive);
    recorder?.push(messages);
    await respond(send, 200, body, [['content-type', 'application/octet-stream']]);
  });
  return recorder ? app : tagRemote(app, { probe: 'body-echo' });
}

/** Reads the body and answers JSON `{ length, sha256, messages }` (for bodies too large to echo). */
export function digestApp(): Application {
  return tagRemote(httpOnly(async (_scope, receive, send) => {
    const hash = createHash('sha256');
    let length = 0;
    let messages = 0;
    for (;;) {
      const message = await receive();
      if (message.type !== 'http.request') break;
      messages++;
      length += message.body.length;
      hash.update(message.body);
      if (!message.moreBody) break;
    }
    await respond(send, 200, JSON.stringify({ length, sha256: hash.digest('hex'), messages }), [
      ['content-type', 'application/json'],
    ]);
  }), { probe: 'digest' });
}

/** Options of {@link fixedResponseApp}. */
export interface FixedResponse {
  readonly status: number;
  readonly headers?: Headers;
  /** Body chunks; each sent as one `http.response.body` (all but the last with `moreBody: true`). */
  readonly chunks?: ReadonlyArray<string | Uint8Array>;
}

/** Sends exactly what it is told, whatever the rules say; records whether each send resolved. */
export function fixedResponseApp(response: FixedResponse, recorder?: Recorder<string>): Application {
  const app = httpOnly(async (_scope, _receive, send) => {
    try {
      await send({ type: 'http.response.start', status: response.status, headers: response.headers ?? [] });
      const chunks = response.chunks ?? [];
      if (chunks.length === 0) await send({ type: 'http.response.body' });
      for (const [i, chunk] of chunks.entries()) {
        const body = typeof chunk === 'string' ? utf8(chunk) : chunk;
        await send({ type: 'http.response.body', body, moreBody: i < chunks.length - 1 });
      }
      recorder?.push('sends resolved');
    } catch (error) {
      recorder?.push(`send rejected: ${(error as { code?: string }).code ?? String(error)}`);
    }
  });
  const { chunks } = response;
  return recorder || !plainChunks(chunks) ? app : tagRemote(app, { probe: 'fixed', response: { ...response, chunks } });
}

/** `/probe` answers with `response`; every other path answers 200 "next" (to show the connection is clean). */
export function routedFixedApp(response: FixedResponse, recorder?: Recorder<string>): Application {
  const probe = fixedResponseApp(response, recorder);
  const app = httpOnly(async (scope, receive, send) => {
    if (scope.path === '/probe') return probe(scope, receive, send);
    await respond(send, 200, 'next');
  });
  const { chunks } = response;
  return recorder || !plainChunks(chunks) ? app : tagRemote(app, { probe: 'routed', response: { ...response, chunks } });
}

/** Lifespan behaviour for {@link withLifespan}. */
export interface LifespanPlan {
  /** Runs at startup with the lifespan state (fill it here). */
  startup?(state: Record<string, unknown>): void | Promise<void>;
  /** Events of the lifespan call are pushed here (`startup`, `startup.complete`, `shutdown`, ...). */
  readonly recorder?: Recorder<string>;
}

/** Adds lifespan support to an http app: startup fills state; shutdown completes. */
export function withLifespan(app: Application, plan: LifespanPlan = {}): Application {
  return async (scope, receive, send) => {
    if (scope.type !== 'lifespan') return app(scope, receive, send);
    const rec = plan.recorder;
    const first = await receive();
    rec?.push(first.type);
    await plan.startup?.(scope.state);
    await send({ type: 'lifespan.startup.complete' });
    rec?.push('startup.complete sent');
    const second = await receive();
    rec?.push(second.type);
    await send({ type: 'lifespan.shutdown.complete' });
    rec?.push('shutdown.complete sent');
  };
}
