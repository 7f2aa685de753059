/**
 * @module The TCP listener: accepts connections, hands each to an HTTP/1.x session, runs one sweeper that checks
 * every session's deadline (cheaper than a timer per connection), and closes gracefully
 * (spec: SERVER-SHUTDOWN-GRACEFUL).
 */
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { bindServer, type BoundAddress, type TlsOptions } from '@tsgi/gateway';
import { startCleartextSession, startTlsSession } from '../protocol/select.js';
import type { Session } from '../protocol/session.js';
import type { SessionOwner } from '../protocol/select.js';
import type { ServerRuntime } from '../runtime.js';


/** Listens on one address and owns its connections. */
export class Listener implements SessionOwner {
  readonly #server: NetServer;
  readonly #sessions = new Set<Session>();
  /** Every accepted TCP socket, also those that never got a session (a TLS handshake still running or given up). */
  readonly #sockets = new Set<Socket>();
  #sweeper: NodeJS.Timeout | null = null;
  #allClosed: (() => void) | null = null;

  constructor(
    private readonly runtime: ServerRuntime,
    private readonly tls: TlsOptions | null,
  ) {
    if (tls === null) {
      this.#server = createServer({ allowHalfOpen: true, noDelay: true }, this.#onConnection.bind(this));
    } else {
      // TLS 1.2 at least; ALPN offers h2 first, then http/1.1 (RFC 7301, RFC 9113 §3.2).
      this.#server = createTlsServer({
        ...tls,
        minVersion: 'TLSv1.2',
        ALPNProtocols: ['h2', 'http/1.1'],
        allowHalfOpen: true,
        noDelay: true,
        handshakeTimeout: runtime.options.headersTimeout,
      } as Parameters<typeof createTlsServer>[0]);
      this.#server.on('secureConnection', this.#onConnection.bind(this));
      this.#server.on('tlsClientError', (error: Error) => runtime.logger.debug(`TLS handshake failed: ${error.message}`));
    }
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** Binds; rejects with a `ListenError` (e.g. the port is in use). */
  listen(host: string, port: number): Promise<BoundAddress> {
    return bindServer(this.#server, host, port, this.tls !== null, this.runtime.logger).then((address) => {
      this.#startSweeper();
      return address;
    });
  }


  #onConnection(socket: Socket): void {
    if (this.runtime.shuttingDown) {
      socket.destroy();
      return;
    }
    const session =
      this.tls === null
        ? startCleartextSession(socket, this.runtime, this)
        : startTlsSession(socket as TLSSocket, this.runtime, this);
    this.#sessions.add(session);
  }

  /** A session's connection has closed. */
  readonly onClosed = (session: Session): void => {
    this.#sessions.delete(session);
    if (this.#sessions.size === 0) this.#allClosed?.();
  };

  /** A sniffing session has handed its connection to the protocol's session. */
  replace(old: Session, next: Session): void {
    this.#sessions.delete(old);
    this.#sessions.add(next);
    if (this.runtime.shuttingDown) next.shutdown();
  }

  #startSweeper(): void {
    const o = this.runtime.options;
    const shortest = Math.min(o.keepAliveTimeout, o.headersTimeout, o.bodyTimeout);
    const every = Math.max(10, Math.min(500, Math.floor(shortest / 4)));
    this.#sweeper = setInterval(() => {
      const now = Date.now();
      for (const session of this.#sessions) if (session.deadline <= now) session.onDeadline();
    }, every);
    this.#sweeper.unref();
  }

  /**
   * Stops accepting, closes idle connections, lets requests in flight finish (their responses carry
   * `connection: close`), and after `timeoutMs` closes whatever is left. Resolves when every connection is closed.
   */
  async close(timeoutMs: number): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const session of this.#sessions) session.shutdown();
    if (this.#sessions.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const drained = new Promise<void>((resolve) => (this.#allClosed = resolve));
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([drained, deadline]);
      clearTimeout(timer);
      if (this.#sessions.size > 0) {
        this.runtime.logger.warn(`shutdown deadline passed; closing ${this.#sessions.size} connection(s) in flight`);
      }
    }
    // What is left has no session (or its deadline passed): a half-closed TLS socket would otherwise keep
    // server.close() from ever completing.
    for (const socket of this.#sockets) socket.destroy();
    await stopped;
    if (this.#sweeper !== null) clearInterval(this.#sweeper);
  }
}
