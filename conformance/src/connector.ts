/**
 * @module Opens clients of one protocol to a running server, and closes every one of them after the scenario.
 */
import { connect as h2connect, type ClientHttp2Session } from 'node:http2';
import { type ClientConnection, type ClientExchange, type HttpReply, type HttpRequestSpec, type OpenOptions, h1Exchange, h1Fetch, h2Exchange, h2Fetch } from './clients/exchange.js';
import { DEFAULT_READ_TIMEOUT, RawH1Client } from './clients/raw-h1.js';
import { RawH2Client, type RawH2Options } from './clients/raw-h2.js';
import { isH2, isTls, type Origin, type Protocol, type RunningServer, type TlsOrigin } from './types.js';
import { StepTimeoutError } from './util.js';

/** Thrown when a scenario needs a listener the target did not open. */
export class MissingListenerError extends Error {
  override readonly name = 'MissingListenerError';
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Clients of one protocol to one running server. */
export class Connector {
  readonly #closers: Array<() => void> = [];

  constructor(readonly protocol: Protocol, readonly running: RunningServer) {}

  /** The origin serving this protocol. */
  get origin(): Origin {
    const r = this.running;
    const origin = this.protocol === 'h1' ? r.h1 : this.protocol === 'h2c' ? (r.h2c ?? r.h1) : r.tls;
    if (!origin) throw new MissingListenerError(`the target opened no listener for ${this.protocol}`);
    return origin;
  }

  get #tls(): TlsOrigin | undefined {
    return isTls(this.protocol) ? (this.origin as TlsOrigin) : undefined;
  }

  #track<T>(value: T, close: (v: T) => void): T {
    this.#closers.push(() => close(value));
    return value;
  }

  /** A raw HTTP/1.1 connection (TLS with ALPN `http/1.1` for `h1-tls`). */
  async rawH1(): Promise<RawH1Client> {
    if (isH2(this.protocol)) throw new Error(`connect()/request() are for HTTP/1.x scenarios, not ${this.protocol}`);
    const tls = this.#tls;
    const client = await RawH1Client.connect(this.origin.host, this.origin.port, tls ? { tls: { ca: tls.ca } } : {});
    return this.#track(client, (c) => c.destroy());
  }

  /** A frame-level HTTP/2 client. */
  async rawH2(options: Omit<RawH2Options, 'tls'> = {}): Promise<RawH2Client> {
    if (!isH2(this.protocol)) throw new Error(`rawH2() is for HTTP/2 scenarios, not ${this.protocol}`);
    const tls = this.#tls;
    const client = await RawH2Client.open(this.origin.host, this.origin.port, { ...options, ...(tls ? { tls: { ca: tls.ca } } : {}) });
    return this.#track(client, (c) => c.close());
  }

  /** A `node:http2` session (h2 over TLS with ALPN, or h2c by prior knowledge). */
  async h2session(): Promise<ClientHttp2Session> {
    if (!isH2(this.protocol)) throw new Error(`h2session() is for HTTP/2 scenarios, not ${this.protocol}`);
    const tls = this.#tls;
    const { host, port } = this.origin;
    const session = tls
      ? h2connect(`https://${urlHost(host)}:${port}`, { ca: tls.ca, servername: 'localhost' })
      : h2connect(`http://${urlHost(host)}:${port}`);
    this.#track(session, (s) => s.destroy());
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new StepTimeoutError(`HTTP/2 connect to ${host}:${port} timed out`)), DEFAULT_READ_TIMEOUT);
      session.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      session.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    session.on('error', () => {});
    if (tls && session.alpnProtocol !== 'h2') throw new Error(`ALPN selected ${String(session.alpnProtocol)}, not h2`);
    return session;
  }

  /** One connection for several requests. */
  async connection(): Promise<ClientConnection> {
    if (isH2(this.protocol)) {
      const session = await this.h2session();
      return {
        fetch: (request = {}, options = {}) => h2Fetch(session, request, options.timeoutMs),
        open: async (request = {}, options = {}) => h2Exchange(session, request, false, options),
        socket: session.socket,
        close: () => session.destroy(),
      };
    }
    const client = await this.rawH1();
    return {
      fetch: (request = {}, options = {}) => h1Fetch(client, request, options.timeoutMs),
      open: (request = {}, options = {}) => h1Exchange(client, request, options),
      socket: client.socket,
      close: () => client.destroy(),
    };
  }

  /** One request on a fresh connection. */
  async fetch(request: HttpRequestSpec = {}, options: { timeoutMs?: number } = {}): Promise<HttpReply> {
    return (await this.connection()).fetch(request, options);
  }

  /** A streamed request on a fresh connection. */
  async open(request: HttpRequestSpec = {}, options: OpenOptions = {}): Promise<ClientExchange> {
    return (await this.connection()).open(request, options);
  }

  /** Closes every client opened. */
  closeAll(): void {
    for (const close of this.#closers.splice(0)) {
      try {
        close();
      } catch {
        // already closed
      }
    }
  }
}
