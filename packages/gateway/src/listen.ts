/** @module Binding listeners, the same for every server: one error type for a failed bind, all-or-nothing opening. */
import type { AddressInfo, Server as NetServer } from 'node:net';
import { serverBound } from './cluster/bound-servers.js';
import { ListenError } from './errors.js';
import type { BoundAddress, Listening } from './launch.js';
import type { Logger } from './logger.js';
import type { ResolvedListen } from './options.js';

/** What {@link openListeners} needs of one listener. */
export interface Bindable {
  /** Binds one address; resolves to the address actually bound (the real port for port 0). */
  listen(host: string, port: number): Promise<BoundAddress>;
  /** Stops accepting, then closes what is still open once `timeoutMs` has passed. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Binds `server`; rejects with {@link ListenError} naming the address (a port in use says so). Later errors of the
 * listening socket are logged.
 */
export function bindServer(server: NetServer, host: string, port: number, tls: boolean, logger: Logger): Promise<BoundAddress> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const why = error.code === 'EADDRINUSE' ? `${host}:${port} is already in use` : error.message;
      reject(new ListenError(`cannot listen on ${host}:${port}: ${why}`, { cause: error }));
    };
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      server.on('error', (error) => logger.error('listener error', error));
      serverBound(server); // cluster mode: lets a draining worker stop accepting before it closes connections
      const address = server.address() as AddressInfo;
      resolve({ host: address.address, port: address.port, tls });
    });
  });
}

/** Binds one listener per entry, in order; if one fails, closes those already open and rethrows. */
export async function openListeners(entries: readonly ResolvedListen[], make: (entry: ResolvedListen) => Bindable): Promise<Listening> {
  const listeners: Bindable[] = [];
  const addresses: BoundAddress[] = [];
  try {
    for (const entry of entries) {
      const listener = make(entry);
      listeners.push(listener);
      addresses.push(await listener.listen(entry.host, entry.port));
    }
  } catch (error) {
    await Promise.all(listeners.map((listener) => listener.close(0)));
    throw error;
  }
  return {
    addresses,
    close: async (timeoutMs) => void (await Promise.all(listeners.map((listener) => listener.close(timeoutMs)))),
  };
}
