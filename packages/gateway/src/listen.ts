/**
 * @module Binding listeners, the same for every server: TCP addresses, Unix domain sockets and inherited file
 * descriptors; one error type for a failed bind; all-or-nothing opening.
 */
import { lstat, unlink } from 'node:fs/promises';
import { connect, type Server as NetServer } from 'node:net';
import { serverBound } from './cluster/bound-servers.js';
import { ListenError } from './errors.js';
import type { BoundAddress, Listening } from './launch.js';
import type { Logger } from './logger.js';
import type { ResolvedListen } from './options.js';

/** What {@link openListeners} needs of one listener. */
export interface Bindable {
  /** Binds one entry; resolves to the address actually bound (the real port for port 0). */
  listen(entry: ResolvedListen): Promise<BoundAddress>;
  /** Stops accepting, then closes what is still open once `timeoutMs` has passed. */
  close(timeoutMs: number): Promise<void>;
}

/** How an entry reads in messages: `127.0.0.1:8000`, `[::1]:8000`, `unix:/run/app.sock`, `fd 3`. */
export function describeListen(entry: Pick<ResolvedListen, 'host' | 'port' | 'path' | 'fd'>): string {
  if (entry.path !== null) return `unix:${entry.path}`;
  if (entry.fd !== null) return `fd ${entry.fd}`;
  return entry.host.includes(':') ? `[${entry.host}]:${entry.port}` : `${entry.host}:${entry.port}`;
}

/**
 * Binds `server` to `entry`; rejects with {@link ListenError} naming the address (a port in use says so). A Unix
 * socket file that nothing answers on (left by a server that crashed) is removed and the bind retried once; a
 * socket something answers on, or a file that is not a socket, is never removed. Later errors of the listening
 * socket are logged.
 */
export async function bindServer(server: NetServer, entry: ResolvedListen, tls: boolean, logger: Logger): Promise<BoundAddress> {
  try {
    await listenOnce(server, entry);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (entry.path === null || code !== 'EADDRINUSE') throw listenError(entry, error);
    const stale = await staleSocket(entry.path);
    if (stale !== true) throw new ListenError(`cannot listen on ${describeListen(entry)}: ${stale}`, { cause: error });
    logger.info(`removing the stale Unix socket ${entry.path} (nothing answers on it)`);
    await unlink(entry.path).catch(() => {}); // gone already: fine
    try {
      await listenOnce(server, entry);
    } catch (retry) {
      throw listenError(entry, retry);
    }
  }
  server.on('error', (error) => logger.error('listener error', error));
  serverBound(server); // cluster mode: lets a draining worker stop accepting before it closes connections
  const address = server.address();
  if (typeof address === 'string') return { host: '', port: 0, tls, path: address, fd: entry.fd };
  if (address === null) throw new ListenError(`cannot listen on ${describeListen(entry)}: no address after listening`);
  return { host: address.address, port: address.port, tls, path: null, fd: entry.fd };
}

function listenOnce(server: NetServer, entry: ResolvedListen): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (entry.path !== null) server.listen({ path: entry.path }, done);
    else if (entry.fd !== null) server.listen({ fd: entry.fd }, done);
    else server.listen({ host: entry.host, port: entry.port }, done);
  });
}

function listenError(entry: ResolvedListen, error: unknown): ListenError {
  const e = error as NodeJS.ErrnoException;
  const why = e.code === 'EADDRINUSE' ? `${describeListen(entry)} is already in use` : e.message;
  return new ListenError(`cannot listen on ${describeListen(entry)}: ${why}`, { cause: error });
}

/** `true` when `path` is a socket file nothing answers on (connect refused); else why it must be left alone. */
async function staleSocket(path: string): Promise<true | string> {
  const stat = await lstat(path).catch(() => null);
  if (stat === null) return true; // removed meanwhile
  if (!stat.isSocket()) return `${path} exists and is not a socket (not removed)`;
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(`${path} is already in use (a server answers on it)`);
    });
    probe.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? true : `${path}: ${error.message}`);
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
      addresses.push(await listener.listen(entry));
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
