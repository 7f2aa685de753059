/**
 * @module A raw HTTP/1.x client over `node:net` for scenarios: write exact bytes, read parsed responses, watch for
 * the server closing. Every read has a deadline, so a scenario can fail but never hang.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { StepTimeoutError } from '../util.js';
import { ResponseParser, type RawResponse } from './response-parser.js';

/** Default deadline of a read, ms. */
export const DEFAULT_READ_TIMEOUT = 5_000;

/** A response read by {@link RawH1Client.readResponse}, with the 1xx responses that came before it. */
export interface ReadResponse extends RawResponse {
  /** Interim (1xx) responses received before this one, in order. */
  readonly informational: readonly RawResponse[];
}

/** Options of {@link RawH1Client.readResponse}. */
export interface ReadOptions {
  /** Method of the request being answered (`HEAD` responses have no body). Default `GET`. */
  readonly method?: string;
  /** Deadline, ms. Default {@link DEFAULT_READ_TIMEOUT}. */
  readonly timeoutMs?: number;
  /** Return a 1xx response instead of skipping it. Default `false`. */
  readonly stopAtInformational?: boolean;
}

/** TLS settings of a {@link RawH1Client} connection. */
export interface RawTlsOptions {
  /** CA certificate (PEM) to trust. */
  readonly ca: string;
  /** ALPN protocols to offer; `[]` offers none. Default `['http/1.1']`. */
  readonly alpn?: readonly string[];
  /** SNI name. Default `localhost`. */
  readonly servername?: string;
}

/** Options of {@link RawH1Client.connect}. */
export interface ConnectOptions {
  /** Deadline of the connect (and TLS handshake), ms. Default {@link DEFAULT_READ_TIMEOUT}. */
  readonly timeoutMs?: number;
  /** Connect over TLS. */
  readonly tls?: RawTlsOptions;
}

/** Opens a TCP (or TLS) socket; resolves once connected (and the handshake is done). */
export function openSocket(host: string, port: number, options: ConnectOptions = {}): Promise<Socket> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT;
  return new Promise((resolve, reject) => {
    const tls = options.tls;
    const socket = tls
      ? tlsConnect({ host, port, ca: tls.ca, servername: tls.servername ?? 'localhost', ALPNProtocols: [...(tls.alpn ?? ['http/1.1'])] })
      : netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new StepTimeoutError(`connect to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** One TCP (or TLS) connection to the server under test. */
export class RawH1Client {
  readonly #socket: Socket;
  #queue: Buffer[] = [];
  #ended = false;
  #error: Error | null = null;
  #wake: (() => void) | null = null;
  #markEnded!: () => void;
  readonly #endedPromise = new Promise<void>((resolve) => (this.#markEnded = resolve));
  /** Every byte received, in order (for assertions on the raw wire). */
  readonly received: Buffer[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.received.push(chunk);
      this.#queue.push(chunk);
      this.#notify();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on('close', () => {
      this.#ended = true;
      this.#notify();
    });
    socket.on('error', (error) => {
      this.#error = error;
      this.#ended = true;
      this.#notify();
    });
  }

  /** Opens a connection; rejects if it cannot connect (and handshake) within the deadline. */
  static async connect(host: string, port: number, options: ConnectOptions = {}): Promise<RawH1Client> {
    return new RawH1Client(await openSocket(host, port, options));
  }

  /** The underlying socket (to pause reading, look at addresses, or check write buffering). */
  get socket(): Socket {
    return this.#socket;
  }

  /** Whether the server closed (or reset) the connection. */
  get closedByPeer(): boolean {
    return this.#ended;
  }

  /** The socket error that ended the connection, if any (for example ECONNRESET). */
  get error(): Error | null {
    return this.#error;
  }

  /** Everything received so far as a byte string. */
  receivedText(): string {
    return Buffer.concat(this.received).toString('latin1');
  }

  /** Writes bytes (a string is sent as Latin-1, one byte per code unit). Resolves when handed to the kernel. */
  write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    return new Promise((resolve, reject) => {
      if (this.#socket.destroyed) {
        reject(new Error('socket is closed'));
        return;
      }
      this.#socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Writes bytes without waiting for them to be flushed (for large bodies a paused server will not read). */
  writeNoWait(data: string | Uint8Array): boolean {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    return this.#socket.write(bytes, () => {});
  }

  /** Half-closes (sends FIN); the server may still answer. */
  end(): void {
    this.#socket.end();
  }

  /** Closes the connection at once. */
  destroy(): void {
    this.#socket.destroy();
  }

  /** Closes with a TCP RST, as a client that crashed would (over TLS, where node cannot reset: a plain close). */
  reset(): void {
    try {
      this.#socket.resetAndDestroy();
    } catch {
      this.#socket.destroy();
    }
  }

  #notify(): void {
    if (this.#ended) this.#markEnded();
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #next(deadline: number, what: () => string): Promise<'data' | 'eof'> {
    if (this.#queue.length > 0) return Promise.resolve('data');
    if (this.#ended) return Promise.resolve('eof');
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.#wake = null;
          reject(new StepTimeoutError(what()));
        },
        Math.max(0, deadline - Date.now()),
      );
      this.#wake = () => {
        clearTimeout(timer);
        resolve(this.#queue.length > 0 ? 'data' : 'eof');
      };
    });
  }

  /**
   * Reads one response. 1xx responses are collected in `informational` (or returned, with
   * `stopAtInformational`). A response cut short by the server closing has `complete: false`. Rejects with
   * a `StepTimeoutError` if no complete response (or EOF) arrives in time, or if the connection closed before
   * any response head.
   */
  async readResponse(options: ReadOptions = {}): Promise<ReadResponse> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_READ_TIMEOUT;
    const deadline = Date.now() + timeoutMs;
    const informational: RawResponse[] = [];
    for (;;) {
      const parser = new ResponseParser(options.method ?? 'GET');
      const what = (): string =>
        `timed out after ${timeoutMs} ms reading a response (head so far: ${JSON.stringify(parser.partialHead().slice(0, 200))}, ` +
        `received: ${JSON.stringify(this.receivedText().slice(0, 300))})`;
      while (!parser.done) {
        const got = await this.#next(deadline, what);
        if (got === 'eof') {
          if (!parser.headParsed) {
            throw new Error(`connection closed before a response head; received ${JSON.stringify(this.receivedText().slice(0, 300))}`);
          }
          parser.eof();
          break;
        }
        const chunk = this.#queue.shift()!;
        const rest = parser.feed(chunk);
        if (rest && rest.length > 0) this.#queue.unshift(rest);
      }
      const response = parser.result();
      if (response.status >= 100 && response.status < 200 && !options.stopAtInformational) {
        informational.push(response);
        continue;
      }
      return { ...response, informational };
    }
  }

  /** Waits up to `timeoutMs` for the server to close; `true` if it did. Unread bytes stay queued. */
  async waitForClose(timeoutMs = DEFAULT_READ_TIMEOUT): Promise<boolean> {
    if (this.#ended) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([this.#endedPromise.then(() => true), timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** Unconsumed bytes received within `ms` from now (the scenario uses it to check that nothing arrived). */
  async drainFor(ms: number): Promise<Buffer> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const out = Buffer.concat(this.#queue);
    this.#queue = [];
    return out;
  }
}
