/**
 * @module One listening address: accepts connections itself and hands each to Node's HTTP/1.1 server
 * (`http.createServer()`) or HTTP/2 server (`http2.createServer()`), which never listen on their own.
 *
 * Why not `http2.createSecureServer({ allowHTTP1: true })` alone: it has no cleartext counterpart (Node serves either
 * HTTP/1.1 or h2c on one `http.Server`, never both), and its compatibility layer would take h2 streams away from the
 * core API. So the listener picks the protocol (SERVER-H2-SELECT): on TLS by ALPN (`h2`, then `http/1.1`; RFC 7301,
 * RFC 9113 §3.2), on cleartext by the HTTP/2 preface sent with prior knowledge (RFC 9113 §3.3), and emits
 * `connection` with the socket on the chosen server, as `https` does for its own sockets. `Upgrade: h2c` is never
 * acted on: RFC 9113 §3.1 deprecates it and it enables "h2c smuggling"; such requests are plain HTTP/1.1.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createH2Server, type Http2Server, type Http2Session, type ServerHttp2Stream } from 'node:http2';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls';
import { bindServer, socketConnectionInfo, type BoundAddress, type ResolvedListen, TLS_SERVER_POLICY } from '@tsgi/gateway';
import { answerClientError, type ClientError } from './client-error.js';
import { trackConnection, type Connection } from './connection.js';
import { proxiedClient, readProxyHeader } from './proxy-header.js';
import { handleH1Request } from './h1-port.js';
import { handleH2Stream } from './h2-stream.js';
import { H2SessionState } from './h2-session.js';
import type { NodeRuntime } from './runtime.js';

/** RFC 9113 §3.4: the client connection preface. */
const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Whether `bytes` start the HTTP/2 preface: `'h2'` (all of it), `'h1'` (cannot be), or `'more'` (too few yet). */
export function matchPreface(bytes: Uint8Array): 'h2' | 'h1' | 'more' {
  const n = Math.min(bytes.byteLength, PREFACE.byteLength);
  for (let i = 0; i < n; i++) if (bytes[i] !== PREFACE[i]) return 'h1';
  return n === PREFACE.byteLength ? 'h2' : 'more';
}

/** A client named by a PROXY header (`null`: a Unix socket client), or `undefined`: the socket's own peer. */
type Client = readonly [string, number] | null | undefined;

/** Listens on one address and owns its connections. */
export class NodeListener {
  /** The server that accepts: the TLS server itself, or a plain one (cleartext, or TLS behind a PROXY header). */
  readonly #server: NetServer;
  /** The TLS server of a TLS listener; behind a PROXY header it never listens and is handed each socket. */
  readonly #tls: TlsServer | null = null;
  /** Sockets still sending their PROXY header, or (TLS) in the handshake after it: closed at once on shutdown. */
  readonly #pending = new Set<Socket>();
  /** Clients named by the PROXY headers of TLS connections, by raw socket, until their handshake is done. */
  readonly #proxied = new WeakMap<Socket, Client>();
  /** The socket path when this listener is a Unix domain socket (known once bound). */
  #unixPath: string | null = null;
  readonly #http: HttpServer;
  readonly #h2: Http2Server;
  readonly #connections = new Set<Connection>();
  readonly #sessions = new Map<Http2Session, H2SessionState>();
  /** The connection being handed to the HTTP/2 server (its `session` event fires during the hand-over). */
  #handing: Connection | null = null;
  #allClosed: (() => void) | null = null;

  constructor(
    private readonly runtime: NodeRuntime,
    entry: ResolvedListen,
  ) {
    const { tls, proxyProtocol } = entry;
    const o = runtime.options;
    this.#http = createHttpServer({
      maxHeaderSize: o.maxHeaderSize,
      headersTimeout: o.headersTimeout, // then 408 (see answerClientError), RFC 9110 §15.5.9
      requestTimeout: 0, // Node's limits the whole request; the body timeout here runs only while the app reads
      keepAliveTimeout: o.keepAliveTimeout, // idle between requests, then a plain close
      connectionsCheckingInterval: Math.max(10, Math.min(500, Math.floor(o.headersTimeout / 4))),
      requireHostHeader: true, // RFC 9112 §3.2: 400 for HTTP/1.1 without Host
    });
    this.#http.on('request', (req, res) => handleH1Request(runtime, req, res));
    this.#http.on('checkContinue', (req, res) => handleH1Request(runtime, req, res)); // SERVER-CONTINUE
    this.#http.on('clientError', (error: ClientError, socket: Socket) => answerClientError(runtime, error, socket));
    // Node's headersTimeout is enforced by a connection checker it starts on `listening`; this server never
    // listens itself (the sockets come from #server), so it is told it does.
    this.#http.emit('listening');

    this.#h2 = createH2Server({
      settings: o.h2.settings,
      maxSessionMemory: o.h2.maxSessionMemory,
      maxHeaderListPairs: o.h2.maxHeaderListPairs,
      peerMaxConcurrentStreams: o.h2.peerMaxConcurrentStreams,
    });
    this.#h2.on('session', this.#onSession);
    this.#h2.on('stream', this.#onStream);
    this.#h2.on('sessionError', (error: Error) => runtime.logger.debug(`h2 session error: ${error.message}`));

    if (tls !== null) {
      this.#tls = createTlsServer({
        ...tls,
        ...TLS_SERVER_POLICY,
        noDelay: true,
        highWaterMark: bufferBound(runtime),
        handshakeTimeout: o.headersTimeout,
      } as Parameters<typeof createTlsServer>[0]);
      this.#tls.on('secureConnection', this.#onSecure);
      this.#tls.on('tlsClientError', (error: Error) => runtime.logger.debug(`TLS handshake failed: ${error.message}`));
    }
    // The PROXY header comes before the TLS handshake (the proxy passes TLS through), so such a listener accepts
    // on a plain server and gives the socket to the TLS server once the header is read.
    this.#server =
      this.#tls !== null && !proxyProtocol
        ? this.#tls
        : createNetServer(
            { noDelay: true, highWaterMark: bufferBound(runtime) },
            proxyProtocol ? this.#onProxied : (socket: Socket) => this.#onCleartext(socket, undefined),
          );
  }

  /** Binds; rejects with a `ListenError` (e.g. the port is in use). */
  async listen(entry: ResolvedListen): Promise<BoundAddress> {
    const address = await bindServer(this.#server, entry, this.#tls !== null, this.runtime.logger);
    this.#unixPath = address.path;
    return address;
  }


  // ---- accepting ----

  #accept(socket: Socket, scheme: 'http' | 'https', client: Client): Connection | null {
    if (this.runtime.shuttingDown) {
      socket.destroy();
      return null;
    }
    const connection = trackConnection(socket, socketConnectionInfo(socket, scheme, this.#unixPath, client));
    this.#connections.add(connection);
    socket.on('error', (error: Error) => this.runtime.logger.debug(`connection error: ${error.message}`));
    socket.once('close', () => {
      this.#connections.delete(connection);
      if (this.#connections.size === 0) this.#allClosed?.();
    });
    return connection;
  }

  readonly #onSecure = (socket: TLSSocket): void => {
    // `_parent` is the raw socket a TLSSocket was made from (Node's TLS server sets it for the sockets it wraps).
    let client: Client;
    if (this.#pending.size > 0) {
      const raw = (socket as TLSSocket & { _parent?: Socket })._parent;
      if (raw !== undefined && this.#pending.delete(raw)) client = this.#proxied.get(raw);
    }
    const connection = this.#accept(socket, 'https', client);
    if (connection !== null) this.#handOver(connection, socket.alpnProtocol === 'h2');
  };

  /** A connection of a `proxyProtocol` listener: its header first (spec SERVER-PROXY-PROTOCOL). */
  readonly #onProxied = (socket: Socket): void => {
    if (this.runtime.shuttingDown) {
      socket.destroy();
      return;
    }
    this.#pending.add(socket);
    socket.once('close', () => this.#pending.delete(socket));
    readProxyHeader(socket, this.runtime.options.headersTimeout, this.runtime.logger, (header) => {
      const client = proxiedClient(header);
      if (this.#tls !== null) {
        this.#proxied.set(socket, client);
        this.#tls.emit('connection', socket); // it reads the bytes unshifted after the header first
        return;
      }
      this.#pending.delete(socket);
      this.#onCleartext(socket, client);
      socket.resume(); // paused by the reader; the sniffer reads the unshifted bytes through 'data'
    });
  };

  /** Holds a cleartext connection until its first bytes tell the HTTP/2 preface from HTTP/1.x (24 bytes at most). */
  #onCleartext(socket: Socket, client: Client): void {
    const connection = this.#accept(socket, 'http', client);
    if (connection === null) return;
    let seen: Buffer = Buffer.alloc(0);
    // Nothing (or not enough to decide) within the headers timeout: close without a word (spec SERVER-TIMEOUTS).
    const timer = setTimeout(() => socket.destroy(), this.runtime.options.headersTimeout);
    timer.unref();
    const onEnd = (): void => void socket.destroy();
    const onData = (chunk: Buffer): void => {
      seen = seen.byteLength === 0 ? chunk : Buffer.concat([seen, chunk]);
      const verdict = matchPreface(seen);
      if (verdict === 'more') return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      socket.unshift(seen); // the chosen server reads them again from the start
      this.#handOver(connection, verdict === 'h2');
    };
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.once('close', () => clearTimeout(timer));
  }

  #handOver(connection: Connection, h2: boolean): void {
    const { socket } = connection;
    if (h2) {
      connection.protocol = 'h2';
      this.#handing = connection;
      try {
        this.#h2.emit('connection', socket);
      } finally {
        this.#handing = null;
      }
    } else {
      connection.protocol = 'h1';
      this.#http.emit('connection', socket);
      socket.resume(); // Node's HTTP/1.1 parser reads the unshifted bytes through the socket's 'data' events
    }
  }

  // ---- HTTP/2 sessions ----

  readonly #onSession = (session: Http2Session): void => {
    const connection = this.#handing;
    if (connection === null) {
      session.destroy();
      return;
    }
    const state = new H2SessionState(this.runtime, connection, session); // runs the keep-alive timeout
    this.#sessions.set(session, state);
    session.once('close', () => {
      state.stop();
      this.#sessions.delete(session);
    });
    if (this.runtime.shuttingDown) session.close();
  };

  readonly #onStream = (stream: ServerHttp2Stream, _headers: unknown, _flags: number, rawHeaders: string[]): void => {
    const state = this.#sessions.get(stream.session!);
    if (state === undefined) {
      stream.close();
      return;
    }
    handleH2Stream(state, stream, rawHeaders); // counts the stream in `state.open` until its response has left
  };

  // ---- closing (spec SERVER-SHUTDOWN-GRACEFUL) ----

  /**
   * Stops accepting, closes idle connections, sends GOAWAY on HTTP/2 sessions, lets requests in flight finish
   * (HTTP/1.x responses not yet started carry `connection: close`), and after `timeoutMs` closes what is left.
   */
  async close(timeoutMs: number): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const socket of this.#pending) socket.destroy();
    for (const connection of this.#connections) {
      if (connection.protocol === 'sniffing' || (connection.protocol === 'h1' && connection.busy === 0)) {
        connection.socket.destroy();
      }
    }
    for (const session of this.#sessions.keys()) session.close(); // GOAWAY(NO_ERROR) with the last stream id
    if (this.#connections.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const drained = new Promise<void>((resolve) => (this.#allClosed = resolve));
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([drained, deadline]);
      clearTimeout(timer);
      if (this.#connections.size > 0) {
        this.runtime.logger.warn(`shutdown deadline passed; closing ${this.#connections.size} connection(s) in flight`);
        for (const session of this.#sessions.keys()) session.destroy();
        for (const connection of this.#connections) connection.socket.destroy();
      }
    }
    await stopped;
    this.#http.close(() => {}); // stops Node's connection checker; the error (never listened) is expected
    this.#h2.close(() => {});
  }
}

/**
 * Node sizes a socket's buffers, and so each request's and response's stream buffers, with one highWaterMark for
 * both directions: the smaller of the two bounds is used (spec FLOW-RECEIVE-PULL, FLOW-SEND-BACKPRESSURE).
 */
function bufferBound(runtime: NodeRuntime): number {
  return Math.min(runtime.options.readBufferBytes, runtime.options.writeBufferBytes);
}
