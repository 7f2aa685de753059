/**
 * A closed HTTP/2 stream must not keep the request's objects alive. Node can hold a closed `ServerHttp2Stream`
 * (through its native handle) until the old generation is collected; whatever the stream reaches is then copied and
 * promoted with it, which showed as scavenge pauses under load. The test keeps every server stream alive itself,
 * the way Node may, and checks that the scope handed to the app is still collectable once its stream closed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import http2, { type ServerHttp2Stream } from 'node:http2';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Application } from '@tsgi/spec';
import { h2, h2request, start, type Started } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Node's ServerHttp2Stream prototype, taken from a throwaway server (the class is not exported). */
async function serverStreamPrototype(): Promise<object> {
  const server = http2.createServer();
  const proto = new Promise<object>((resolve) =>
    server.once('stream', (stream: ServerHttp2Stream) => {
      resolve(Object.getPrototypeOf(stream) as object);
      stream.respond({ ':status': 204 }, { endStream: true });
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const session = h2((server.address() as { port: number }).port);
  await h2request(session, { ':path': '/' });
  session.close();
  await new Promise((resolve) => server.close(resolve));
  return proto;
}

let current: Started | null = null;
let restore: (() => void) | null = null;
afterEach(async () => {
  restore?.();
  restore = null;
  await current?.server.close();
  current = null;
});

describe('node server, HTTP/2: what a closed stream keeps', () => {
  it('a request scope is collectable once its stream closed, while Node still holds the stream', async () => {
    // Every ServerHttp2Stream that responds is kept here, strongly, for the whole test.
    const held: ServerHttp2Stream[] = [];
    const proto = (await serverStreamPrototype()) as { respond: (...args: unknown[]) => unknown };
    const respond = proto.respond;
    proto.respond = function (this: ServerHttp2Stream, ...args: unknown[]) {
      held.push(this);
      return respond.apply(this, args);
    };
    restore = () => (proto.respond = respond);

    const scopes: WeakRef<object>[] = [];
    const app: Application = async (scope, receive, send) => {
      if (scope.type !== 'http') throw new Error('http only'); // no lifespan work (APP-UNKNOWN-SCOPE)
      scopes.push(new WeakRef(scope));
      await receive();
      await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
      await send({ type: 'http.response.body', body: new TextEncoder().encode('ok') });
    };
    current = await start(app);
    const session = h2(current.port);
    for (let i = 0; i < 8; i++) {
      const response = await h2request(session, { ':path': `/${i}` });
      expect(response.headers[':status']).toBe(200);
    }
    session.close();
    // Wait until Node has closed every server stream (the port's 'close' handling has run).
    for (let i = 0; i < 100 && held.some((stream) => !stream.closed || !stream.destroyed); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(held).toHaveLength(8);
    expect(held.every((stream) => stream.closed && stream.destroyed)).toBe(true);

    // WeakRefs are cleared only after the job that made them; collect across a few macrotask turns.
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      gc();
    }
    const alive = scopes.filter((ref) => ref.deref() !== undefined).length;
    expect(scopes).toHaveLength(8);
    expect(alive).toBe(0);
    expect(held).toHaveLength(8); // the streams themselves were held to the end
  });
});
