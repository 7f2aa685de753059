/**
 * @module A hook a cluster worker sets to learn which sockets its server bound, so that on a drain it can stop
 * accepting first (see `WorkerLink`). Unset, as in every single-process server, it costs one null check per bind.
 */
import type { Server as NetServer } from 'node:net';

let observer: ((server: NetServer) => void) | null = null;

/** Calls `onBound` with every listening socket bound from now on in this process. */
export function observeBoundServers(onBound: (server: NetServer) => void): void {
  observer = onBound;
}

/** Called by `bindServer` once a socket listens. */
export function serverBound(server: NetServer): void {
  observer?.(server);
}
