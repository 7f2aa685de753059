/**
 * @module What a listener knows about each accepted socket: its ends for the scopes (spec: HTTP-SCOPE-CLIENT,
 * -SERVER, -SCHEME) and, on HTTP/1.x, whether a request is in flight (graceful shutdown closes idle ones at once).
 */
import type { Socket } from 'node:net';
import type { ConnectionInfo } from '@tsgi/gateway';

/** One accepted connection, as its listener tracks it. */
export interface Connection {
  readonly socket: Socket;
  readonly info: ConnectionInfo;
  /** Until the first bytes (cleartext) or ALPN (TLS) have chosen the protocol, `sniffing`. */
  protocol: 'sniffing' | 'h1' | 'h2';
  /** HTTP/1.x requests whose response is not finished yet (Node answers pipelined requests one at a time). */
  busy: number;
  /** `socket.bytesRead` when the last response finished: more since means a new request has begun. */
  bytesAtIdle: number;
}

const connections = new WeakMap<Socket, Connection>();

/** Registers `socket` with what its listener knows of its ends; done once, when the listener accepts it. */
export function trackConnection(socket: Socket, info: ConnectionInfo): Connection {
  const connection: Connection = { socket, info, protocol: 'sniffing', busy: 0, bytesAtIdle: socket.bytesRead };
  connections.set(socket, connection);
  return connection;
}

/** The connection record of a socket the listener accepted. */
export function connectionOf(socket: Socket): Connection {
  const connection = connections.get(socket);
  if (connection === undefined) throw new Error('socket was not accepted by a @tsgi/node listener');
  return connection;
}
