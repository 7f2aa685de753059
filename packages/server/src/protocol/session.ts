/** @module What the listener needs from a protocol session (HTTP/1.x or HTTP/2) on one connection. */
import type { Socket } from 'node:net';
import type { ConnectionInfo } from '@tsgi/gateway';

/** One connection's protocol driver. */
export interface Session {
  /** When the session's current timer runs out (ms since the epoch); the listener's sweeper checks it. */
  readonly deadline: number;
  /** The deadline has passed. */
  onDeadline(): void;
  /** Graceful shutdown: close when idle, or once the requests in flight are answered. */
  shutdown(): void;
}

/** What the connection knows about its ends, for every scope on it (spec: HTTP-SCOPE-CLIENT, -SERVER, -SCHEME). */
export function connectionInfo(socket: Socket, scheme: 'http' | 'https'): ConnectionInfo {
  const remote = socket.remoteAddress;
  const local = socket.localAddress;
  return {
    scheme,
    client: remote === undefined ? null : Object.freeze([remote, socket.remotePort ?? 0] as const),
    server: local === undefined ? null : Object.freeze([local, socket.localPort ?? null] as const),
  };
}
