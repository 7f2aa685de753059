/**
 * @module The listener of one address (TCP, Unix socket or inherited fd): accepts connections, reads a PROXY
 * protocol header first when the entry asks for one, hands each connection to an HTTP/1.x or HTTP/2 session, runs
 * one sweeper that checks every session's deadline (cheaper than a timer per connection), and closes gracefully
 * (spec: SERVER-SHUTDOWN-GRACEFUL).
 */
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { bindServer, socketConnectionInfo, type BoundAddress, type ResolvedListen, TLS_SERVER_POLICY } from '@tsgi/gateway';
import type { ProxyHeader } from '@tsgi/proxy-protocol';
import { startCleartextSession, startTlsSession } from '../protocol/select.js';
import type { Session } from '../protocol/session.js';
import type { SessionOwner } from '../protocol/select.js';
import type { ServerRuntime } from '../runtime.js';
import { FirstBytesReader } from './first-bytes.js';
import { ProxyHeaderReader, proxiedClient } from './proxy-header.js';

/** A client named by a PROXY header (`null`: a Unix socket client), or `undefined`: the socket's own peer. */
type Client = readonly [string, number] | null | undefined;

/** Listens on one address and owns its connections. */
export class Listener implements SessionOwner {
  /** The server that accepts: a plain one, also for TLS (its sockets are handed to the TLS server). */
  readonly #server: NetServer;
  /** The TLS server of a TLS listener: it never listens, it is handed each socket once its first bytes are read. */
  readonly #tls: TlsServer | null = null;
  readonly #sessions = new Set<Session>();
  /** Every accepted TCP socket, also those that never got a session (a TLS handshake still running or given up). */
  readonly #sockets = new Set<Socket>();
  /** Clients named by the PROXY headers of TLS connections, by raw socket, until their handshake is done. */
  readonly #proxied = new WeakMap<Socket, Client>();
  /** The socket path when this listener is a Unix domain socket (known once bound). */
  #unixPath: string | null = null;
  readonly #proxyProtocol: boolean;
  #sweeper: NodeJS.Timeout | null = null;
  #allClosed: (() => void) | null = null;

  constructor(
    private readonly runtime: ServerRuntime,
    entry: ResolvedListen,
  ) {
    const { tls, proxyProtocol } = entry;
    this.#proxyProtocol = proxyProtocol;
    if (tls !== null) {
      // TLS 1.2 at least; ALPN offers h2 first, then http/1.1 (RFC 7301, RFC 9113 §3.2).
      this.#tls = createTlsServer({
        ...tls,
        ...TLS_SERVER_POLICY,
        allowHalfOpen: true,
        noDelay: true,
        handshakeTimeout: runtime.options.headersTimeout,
      } as Parameters<typeof createTlsServer>[0]);
      this.#tls.on('secureConnection', this.#onSecure);
      this.#tls.on('tlsClientError', (error: Error) => runtime.logger.debug(`TLS handshake failed: ${error.message}`));
    }
    // Every listener accepts on a plain server. A TLS one gives each socket to its TLS server once the first bytes
    // are read (see FirstBytesReader: it keeps node's TLS input buffer small), after the PROXY header if any (it
    // comes before the handshake: the proxy passes TLS through).
    const onConnection = proxyProtocol ? this.#onProxied : this.#tls !== null ? this.#onTlsAccepted : this.#onCleartext;
    this.#server = createServer({ allowHalfOpen: true, noDelay: true }, onConnection);
    // One listener function for every socket, not a closure and a once() wrapper each (~0.3 KiB per connection).
    const sockets = this.#sockets;
    const forget = function (this: Socket): void {
      sockets.delete(this);
    };
    this.#server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', forget); // 'close' is emitted once
    });
  }

  /** Binds; rejects with a `ListenError` (e.g. the port is in use). */
  listen(entry: ResolvedListen): Promise<BoundAddress> {
    return bindServer(this.#server, entry, this.#tls !== null, this.runtime.logger).then((address) => {
      this.#unixPath = address.path;
      this.#startSweeper();
      return address;
    });
  }

  readonly #onCleartext = (socket: Socket): void => this.#start(socket, undefined);

  /** A TLS connection (or one after its PROXY header): its first bytes, then the handshake by the TLS server. */
  readonly #onTlsAccepted = (socket: Socket): void => this.#awaitFirstBytes(socket);

  #awaitFirstBytes(socket: Socket): void {
    if (this.runtime.shuttingDown) {
      socket.destroy();
      return;
    }
    // The raw socket is no session's once the TLS server has it, and an unheard 'error' would throw.
    socket.on('error', this.#onRawError);
    this.#sessions.add(new FirstBytesReader(socket, this.runtime.options.headersTimeout, this, this.#toTls));
  }

  readonly #toTls = (reader: FirstBytesReader, socket: Socket): void => {
    this.onClosed(reader); // the handshake is the TLS server's now (its handshakeTimeout); the socket stays in #sockets
    this.#tls?.emit('connection', socket); // it reads the unshifted bytes first
  };

  /** One function for every raw TLS socket: a reset before or during the handshake is only logged. */
  readonly #onRawError = (error: Error): void => this.runtime.logger.debug(`connection error: ${error.message}`);

  readonly #onSecure = (socket: TLSSocket): void => {
    if (!this.#proxyProtocol) return this.#start(socket, undefined);
    // `_parent` is the raw socket a TLSSocket was made from (Node's TLS server sets it for the sockets it wraps).
    const raw = (socket as TLSSocket & { _parent?: Socket })._parent;
    this.#start(socket, raw === undefined ? undefined : this.#proxied.get(raw));
  };

  #start(socket: Socket, client: Client): void {
    if (this.runtime.shuttingDown) {
      socket.destroy();
      return;
    }
    const info = socketConnectionInfo(socket, this.#tls === null ? 'http' : 'https', this.#unixPath, client);
    forgetAddresses(socket);
    const session =
      this.#tls === null
        ? startCleartextSession(socket, this.runtime, this, info)
        : startTlsSession(socket as TLSSocket, this.runtime, this, info);
    this.#sessions.add(session);
  }

  /** A connection of a `proxyProtocol` listener: its header first (spec SERVER-PROXY-PROTOCOL). */
  readonly #onProxied = (socket: Socket): void => {
    if (this.runtime.shuttingDown) {
      socket.destroy();
      return;
    }
    const reader = new ProxyHeaderReader(socket, this.runtime.options.headersTimeout, this.runtime.logger, this, (header) =>
      this.#afterHeader(reader, socket, header),
    );
    this.#sessions.add(reader);
  };

  #afterHeader(reader: ProxyHeaderReader, socket: Socket, header: ProxyHeader): void {
    const client = proxiedClient(header);
    if (this.#tls !== null) {
      this.onClosed(reader); // the handshake is the TLS server's now; the socket stays in #sockets
      if (client !== undefined) this.#proxied.set(socket, client);
      // the bytes unshifted after the header, if any, are the first ones the TLS server reads
      if (socket.readableLength > 0) this.#tls.emit('connection', socket);
      else this.#awaitFirstBytes(socket);
      return;
    }
    const info = socketConnectionInfo(socket, 'http', this.#unixPath, client);
    forgetAddresses(socket);
    this.replace(reader, startCleartextSession(socket, this.runtime, this, info));
    socket.resume(); // paused by the reader; the sniffer reads the unshifted bytes through 'data'
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

/** Node's caches of a socket's addresses (`net.Socket` internals, refilled on the next read of `remoteAddress`). */
type AddressCaches = { _peername?: object; _sockname?: object };

/**
 * Drops node's cached peer and local address objects once the connection's info holds what it needs: no one reads
 * them again (apps see the scope, not the socket), and they were ~0.2 KiB of every idle connection. Set, not
 * deleted, so the socket keeps its shape.
 */
function forgetAddresses(socket: Socket): void {
  const caches = socket as Socket & AddressCaches;
  if (caches._peername !== undefined) caches._peername = undefined;
  if (caches._sockname !== undefined) caches._sockname = undefined;
}
