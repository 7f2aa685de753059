/**
 * @module The app the deploy tests put behind the proxies, and both TSGI servers to run it: the reference server
 * (`@tsgi/server`) and the one on node:http (`@tsgi/node`), in the test process on 127.0.0.1:0.
 */
import { createHash } from 'node:crypto';
import { serve as serveNode } from '@tsgi/node';
import type { GatewayOptions } from '@tsgi/gateway';
import { serve as serveReference, type Server } from '@tsgi/server';
import type { Application, HttpScope } from '@tsgi/spec';
import { captureLogger } from '../../packages/server/test/sockets.js';

const enc = new TextEncoder();

/** The two servers under test. */
export const SERVER_KINDS = ['reference', 'node'] as const;
/** One of {@link SERVER_KINDS}. */
export type ServerKind = (typeof SERVER_KINDS)[number];

/** What `/echo` answers: the request as the app saw it. */
export interface Echo {
  method: string;
  path: string;
  httpVersion: string;
  scheme: string;
  client: readonly [string, number] | null;
  headers: Record<string, string>;
}

/** What the app noticed, for the tests to compare with what the clients saw. */
export interface AppState {
  /** `host:port` of the peer of each `/hello` request: distinct values are distinct upstream connections. */
  helloPeers: string[];
  /** When (performance.now()) the app sent the last chunk of `/stream`. */
  lastChunkSentAt: number;
}

/** Chunks `/stream` sends, and the pause before each after the first. */
export const STREAM_CHUNKS = 5;
export const STREAM_GAP_MS = 200;

function headerRecord(scope: HttpScope): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of scope.headers) out[name] = name in out ? `${out[name]}, ${value}` : value;
  return out;
}

function json(value: unknown): { headers: [string, string][]; body: Uint8Array } {
  const body = enc.encode(JSON.stringify(value));
  return { headers: [['content-type', 'application/json'], ['content-length', String(body.length)]], body };
}

/**
 * The test app. Routes: `/echo` (the request as JSON; HEAD gets the same head, the server drops the body),
 * `/hello` (records the peer), `/stream` (5 chunks, 200 ms apart), `/upload` (body size and sha256),
 * `/no-content` and `/not-modified` (204 and 304 with a body and a content-length, on purpose: the server must
 * correct them, spec HTTP-RESP-NOBODY and HTTP-RESP-304; docs/guides/body-rules.md tells the Flask story).
 */
export function createTestApp(): { app: Application; state: AppState } {
  const state: AppState = { helloPeers: [], lastChunkSentAt: Number.NaN };
  const app: Application = async (scope, receive, send) => {
    if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      const m = await receive();
      if (m.type !== 'http.request') break;
      hash.update(m.body);
      bytes += m.body.length;
      if (!m.moreBody) break;
    }
    const reply = async (status: number, r: { headers: [string, string][]; body: Uint8Array }): Promise<void> => {
      await send({ type: 'http.response.start', status, headers: r.headers });
      await send({ type: 'http.response.body', body: r.body });
    };
    switch (scope.path) {
      case '/echo': {
        const echo: Echo = {
          method: scope.method,
          path: scope.path,
          httpVersion: scope.httpVersion,
          scheme: scope.scheme,
          client: scope.client,
          headers: headerRecord(scope),
        };
        return reply(200, json(echo));
      }
      case '/hello':
        state.helloPeers.push(scope.client === null ? 'unknown' : scope.client.join(':'));
        return reply(200, { headers: [['content-type', 'text/plain'], ['content-length', '5']], body: enc.encode('hello') });
      case '/upload':
        return reply(200, json({ bytes, sha256: hash.digest('hex') }));
      case '/no-content':
        // the Flask bug: JSON "nothing" in a 204, and a content-length that does not even match it
        return reply(204, { headers: [['content-type', 'application/json'], ['content-length', '5']], body: enc.encode('null') });
      case '/not-modified':
        return reply(304, { headers: [['etag', '"v1"'], ['content-length', '5']], body: enc.encode('null') });
      case '/stream': {
        await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
        for (let i = 0; i < STREAM_CHUNKS; i++) {
          if (i > 0) await new Promise((r) => setTimeout(r, STREAM_GAP_MS));
          if (i === STREAM_CHUNKS - 1) state.lastChunkSentAt = performance.now();
          await send({ type: 'http.response.body', body: enc.encode(`chunk ${i}\n`), moreBody: true });
        }
        return send({ type: 'http.response.body' });
      }
      default:
        return reply(404, { headers: [['content-length', '0']], body: new Uint8Array(0) });
    }
  };
  return { app, state };
}

/** A TSGI server running the app. */
export interface RunningTsgi {
  server: Server;
  port: number;
  logger: ReturnType<typeof captureLogger>;
}

/**
 * Starts `kind` on 127.0.0.1:0. `extra` may hold options of issue 8 (trustedProxies, listen with proxyProtocol)
 * that a server without them ignores: hence the loose type, so this file compiles on either side of the merge.
 */
export async function startTsgi(kind: ServerKind, app: Application, extra: Record<string, unknown> = {}): Promise<RunningTsgi> {
  const logger = captureLogger();
  const options = { host: '127.0.0.1', port: 0, logger, shutdownTimeout: 2000, ...extra } as GatewayOptions;
  const server = kind === 'reference' ? await serveReference(app, options) : await serveNode(app, options);
  return { server, port: server.addresses[0]!.port, logger };
}
