/** @module Test helpers: start the reference server on 127.0.0.1:0 with a capturing logger; the socket helpers. */
import type { Application } from '@tsgi/spec';
import { serve, type Server, type ServeOptions } from '../src/index.js';
import { captureLogger } from './sockets.js';

export * from './sockets.js';

/** Starts `app` on an ephemeral port. */
export async function start(app: Application, options: ServeOptions = {}): Promise<{ server: Server; port: number; logger: ReturnType<typeof captureLogger> }> {
  const logger = captureLogger();
  const server = await serve(app, { host: '127.0.0.1', port: 0, logger, ...options });
  return { server, port: server.addresses[0]!.port, logger };
}

/** An app answering 200 with `text`, after reading the body. */
export function textApp(text: string): Application {
  const body = new TextEncoder().encode(text);
  return async (scope, receive, send) => {
    if (scope.type !== 'http') throw new Error('http only');
    for (;;) {
      const m = await receive();
      if (m.type !== 'http.request' || !m.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(body.length)]] });
    await send({ type: 'http.response.body', body });
  };
}

