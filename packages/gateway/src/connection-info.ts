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
    server: local === undefined ? null : serverTuple(local, socket.localPort ?? null),
  };
}

/** The last server tuple made: a listener's connections share one (an idle connection keeps its info). */
let lastServer: readonly [string, number | null] = Object.freeze(['', null] as const);

/** `[address, port]` of the local end, the same frozen array as the last call's when equal. */
function serverTuple(address: string, port: number | null): readonly [string, number | null] {
  if (lastServer[0] !== address || lastServer[1] !== port) lastServer = Object.freeze([address, port] as const);
  return lastServer;
}
