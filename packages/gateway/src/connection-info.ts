/**
 * @module What a connection tells its scopes about its ends (spec: HTTP-SCOPE-CLIENT, HTTP-SCOPE-SERVER), the same
 * for every server: TCP addresses as the socket reports them, a Unix socket's path, or the client a PROXY protocol
 * header named.
 */
import type { Socket } from 'node:net';
import type { ConnectionInfo } from './stream/scope.js';

/**
 * The {@link ConnectionInfo} of a socket accepted by a listener. `unixPath` is the listener's socket path when it
 * is a Unix domain socket (then `server` is `[path, null]` and the peer, which has no address, is `null`).
 * `client`, when given, replaces the peer: the original client a PROXY protocol header named (`null` when it was a
 * Unix socket client); `undefined` keeps the socket's peer (no header, or a LOCAL or UNKNOWN one).
 */
export function socketConnectionInfo(
  socket: Socket,
  scheme: 'http' | 'https',
  unixPath: string | null,
  client?: readonly [string, number] | null,
): ConnectionInfo {
  if (unixPath !== null) {
    return { scheme, client: client === undefined ? null : client, server: Object.freeze([unixPath, null] as const) };
  }
  const remote = socket.remoteAddress;
  const local = socket.localAddress;
  return {
    scheme,
    client: client !== undefined ? client : remote === undefined ? null : Object.freeze([remote, socket.remotePort ?? 0] as const),
    server: local === undefined ? null : Object.freeze([local, socket.localPort ?? null] as const),
  };
}
