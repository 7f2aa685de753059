/**
 * @module The open request streams of one HTTP/2 connection, as module functions over the session's map of ports
 * (no object per connection beyond the map): the shared empty map while none is open (idle memory), adding and
 * forgetting a port, the walks over every port (a drain, a connection-level WINDOW_UPDATE, a disconnect, the
 * keep-alive and flow-control deadline), and opening a stream: its request fields, scope, port and {@link HttpStream}.
 */
import type { RequestEvent } from '@tsgi/h2';
import { advertisedExtensions, buildHttpScope, HttpStream, type ConnectionInfo } from '@tsgi/gateway';
import type { ServerRuntime } from '../runtime.js';
import { H2StreamPort, prepend, type H2StreamHost } from './h2-stream-port.js';

/** The open streams' ports by stream id. */
export type Ports = ReadonlyMap<number, H2StreamPort>;

/** The ports of every session with no stream open: never written (a Map per idle connection was ~0.2 KiB). */
export const NO_PORTS: Ports = new Map();

/** `ports` with `port` added: the map to hold from now on (a new one when `ports` was {@link NO_PORTS}). */
export function addPort(ports: Ports, port: H2StreamPort): Ports {
  const map = (ports === NO_PORTS ? new Map() : ports) as Map<number, H2StreamPort>;
  map.set(port.id, port);
  return map;
}

/** `ports` without stream `streamId`: the map to hold from now on ({@link NO_PORTS} once the last is gone). */
export function removePort(ports: Ports, streamId: number): Ports {
  const map = ports as Map<number, H2StreamPort>;
  return map.delete(streamId) && map.size === 0 ? NO_PORTS : ports;
}

/** The connection is gone: every stream's app sees a disconnect. Returns {@link NO_PORTS}, the map to hold. */
export function disconnectAll(ports: Ports): Ports {
  for (const port of ports.values()) port.stream?.onDisconnect();
  (ports as Map<number, H2StreamPort>).clear(); // ends the iteration of any caller up the stack, as before
  return NO_PORTS;
}

/** The socket drained or the connection window grew: every port sends what it holds. */
export function retryAll(ports: Ports): void {
  for (const port of ports.values()) port.retry();
}

/** Whether some response waits on a flow-control window. */
export function anyBlocked(ports: Ports): boolean {
  for (const port of ports.values()) if (port.blocked) return true;
  return false;
}

/**
 * The session's deadline once the preface has come: the keep-alive timeout while no stream is open; the body
 * timeout (from `progressAt`, when a response last made flow-control progress) while a response waits on a window
 * the peer never opens (memory stays bounded by the windows; this frees the connection too); none otherwise.
 */
export function streamsDeadline(
  ports: Ports,
  progressAt: number,
  o: { readonly keepAliveTimeout: number; readonly bodyTimeout: number },
): number {
  if (ports.size === 0) return Date.now() + o.keepAliveTimeout;
  return anyBlocked(ports) ? progressAt + o.bodyTimeout : Infinity;
}

/** Whether a request's fields include `host`: a loop, not a closure per request. */
function hasHost(headers: ReadonlyArray<readonly [string, string]>): boolean {
  for (let i = 0; i < headers.length; i++) if (headers[i]![0] === 'host') return true;
  return false;
}

/**
 * The fields of a request as its scope shows them. RFC 9113 §8.3.1: :authority stands in for Host; spec
 * HTTP-SCOPE-HEADERS puts it first as `host`. A list of the exact size; unshift grew the list's storage by 16
 * slots (~0.2 KiB per request).
 */
function requestHeaders(authority: string | null, headers: [string, string][]): [string, string][] {
  return authority !== null && !hasHost(headers) ? prepend<[string, string]>(['host', authority], headers) : headers;
}

/** A new request stream's port, with its {@link HttpStream} set and its scope built; the app is not run yet. */
export function openStream(
  event: RequestEvent,
  host: H2StreamHost,
  info: ConnectionInfo,
  runtime: ServerRuntime,
): H2StreamPort {
  const headers = requestHeaders(event.authority, event.headers);
  const extensions = advertisedExtensions('2', headers);
  const scope = buildHttpScope(event.method, event.path, '2', headers, info, runtime, extensions);
  const port = new H2StreamPort(event.streamId, host, scope, event.path);
  port.stream = new HttpStream(port, port, runtime, event.method === 'HEAD', extensions);
  return port;
}
