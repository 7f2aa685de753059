/**
 * @module One HTTP/2 request on `node:http2`'s core API: its head becomes the scope, an {@link H2Port} and the
 * gateway's `HttpStream` carry it, and the app is called.
 */
import type { ServerHttp2Stream } from 'node:http2';
import { advertisedExtensions, buildHttpScope, HttpStream, runApp } from '@tsgi/gateway';
import { h2RequestHead } from './headers.js';
import { H2Port, type PortedStream } from './h2-port.js';
import type { H2SessionState } from './h2-session.js';

const EMPTY = new Uint8Array(0);
const noop = (): void => {};

/** Handles one request stream (the server's `stream` event). */
export function handleH2Stream(session: H2SessionState, stream: ServerHttp2Stream, rawHeaders: string[]): void {
  const head = h2RequestHead(rawHeaders);
  const runtime = session.runtime;
  if (head.path === null) {
    // Only CONNECT comes without :path (RFC 9113 §8.5); TSGI 1.0 has no tunnels to offer.
    session.streamOpened();
    stream.on('error', noop);
    stream.on('close', () => session.streamClosed());
    stream.respond({ ':status': '501' }, { endStream: true });
    return;
  }
  const extensions = advertisedExtensions('2', head.headers);
  const scope = buildHttpScope(head.method, head.path, '2', head.headers, session.connection.info, runtime, extensions);
  const port = new H2Port(session, stream as PortedStream, scope, head.path);
  const http = new HttpStream(port, port, runtime, head.method === 'HEAD', extensions);
  port.stream = http;
  // END_STREAM on the HEADERS (a GET): the body is known to be empty, so it is queued before the app asks and its
  // first `receive()` resolves at once (no waiter, no pull). Nothing is read from the network for it.
  if (stream.endAfterHeaders) http.onBody(EMPTY, false);
  runApp(runtime.app, scope, http);
}
