/**
 * @module A protocol-neutral client for the scenarios that mean the same on every protocol: one request spec, one
 * reply shape. HTTP/1.x goes over the suite's raw client (so framing is judged by the independent parser); HTTP/2
 * goes over `node:http2`. Every wait has a deadline.
 */
import type { Socket } from 'node:net';
import type { ClientHttp2Session, ClientHttp2Stream, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http2';
import { StepTimeoutError } from '../util.js';
import { DEFAULT_READ_TIMEOUT, RawH1Client } from './raw-h1.js';

/** A request, the same for every protocol. */
export interface HttpRequestSpec {
  /** Default `GET`. */
  readonly method?: string;
  /** The request target (`:path` on HTTP/2). Default `/`. */
  readonly path?: string;
  /** `host` on HTTP/1.1, `:authority` on HTTP/2. Default `conformance.test`. */
  readonly authority?: string;
  /** More header fields (lowercase names for HTTP/2). */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /** A body sent whole (with `content-length` on HTTP/1.1). */
  readonly body?: string | Uint8Array;
}

/** A response, the same for every protocol. */
export interface HttpReply {
  /** `"1.1"`, `"1.0"` or `"2"`. */
  readonly httpVersion: string;
  /** `0` when no response head arrived (the stream was reset first). */
  readonly status: number;
  /** Header fields in order, lowercase names, no pseudo-headers. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** The response body bytes as received (HTTP/1.1 chunked framing removed). */
  readonly body: Uint8Array;
  /** `false` when the response was cut short (HTTP/1.x: EOF before its end; HTTP/2: RST_STREAM). */
  readonly complete: boolean;
  /** HTTP/2: the RST_STREAM code that ended the stream, else `null`. */
  readonly resetCode: number | null;
}

/** Options of an opened exchange. */
export interface OpenOptions {
  /** Announce this `content-length`; without it HTTP/1.1 uses chunked coding. */
  readonly contentLength?: number;
}

/** A request whose body the scenario streams and whose response it reads. */
export interface ClientExchange {
  /** Sends body bytes; resolves once the transport took them (HTTP/2: once flow control let them out). */
  write(bytes: Uint8Array): Promise<void>;
  /** Ends the request body. */
  end(): Promise<void>;
  /** Response bytes received so far (HTTP/1.x: every byte on the wire; HTTP/2: DATA payload). */
  readonly receivedBytes: number;
  /** Stops reading from the network. */
  pauseReading(): void;
  /** Starts reading from the network again after {@link ClientExchange.pauseReading}. */
  resumeReading(): void;
  /** Reads the whole response. */
  reply(timeoutMs?: number): Promise<HttpReply>;
  /** The client goes: HTTP/1.x resets the TCP connection, HTTP/2 resets the stream (RST_STREAM CANCEL). */
  abort(): void;
}

/** One connection for several requests. */
export interface ClientConnection {
  /** Sends one request and reads its whole response. */
  fetch(request?: HttpRequestSpec, options?: { timeoutMs?: number }): Promise<HttpReply>;
  /** Starts one request and returns at once, for scenarios that stream, pause or abort. */
  open(request?: HttpRequestSpec, options?: OpenOptions): Promise<ClientExchange>;
  /** The socket (addresses, and whether it is still open). */
  readonly socket: Socket;
  /** Closes the connection. */
  close(): void;
}

function bytesOf(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

/** The request head bytes for HTTP/1.1. */
export function h1Head(request: HttpRequestSpec, framing: { length: number } | 'chunked'): string {
  const lines = [`${request.method ?? 'GET'} ${request.path ?? '/'} HTTP/1.1`, `Host: ${request.authority ?? 'conformance.test'}`];
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  if (framing === 'chunked') lines.push('Transfer-Encoding: chunked');
  else if (framing.length > 0 || (request.method ?? 'GET') !== 'GET') lines.push(`Content-Length: ${framing.length}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** An exchange over one raw HTTP/1.1 connection (the connection carries only this request until it is read). */
export async function h1Exchange(client: RawH1Client, request: HttpRequestSpec, options: OpenOptions = {}): Promise<ClientExchange> {
  const chunked = options.contentLength === undefined;
  await client.write(h1Head(request, chunked ? 'chunked' : { length: options.contentLength! }));
  const method = request.method ?? 'GET';
  return {
    async write(bytes) {
      if (bytes.length === 0) return;
      if (chunked) await client.write(`${bytes.length.toString(16)}\r\n`);
      await client.write(bytes);
      if (chunked) await client.write('\r\n');
    },
    async end() {
      if (chunked) await client.write('0\r\n\r\n');
    },
    get receivedBytes() {
      return client.received.reduce((n, b) => n + b.length, 0);
    },
    pauseReading: () => client.socket.pause(),
    resumeReading: () => client.socket.resume(),
    async reply(timeoutMs = DEFAULT_READ_TIMEOUT) {
      const r = await client.readResponse({ method, timeoutMs });
      return { httpVersion: r.httpVersion, status: r.status, headers: r.headers, body: r.body, complete: r.complete, resetCode: null };
    },
    abort: () => client.reset(),
  };
}

/** Sends one whole request on a raw HTTP/1.1 connection and reads the answer. */
export async function h1Fetch(client: RawH1Client, request: HttpRequestSpec, timeoutMs?: number): Promise<HttpReply> {
  const body = request.body === undefined ? new Uint8Array(0) : bytesOf(request.body);
  const exchange = await h1Exchange(client, request, { contentLength: body.length });
  await exchange.write(body);
  return exchange.reply(timeoutMs);
}

function h2Headers(request: HttpRequestSpec): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = {
    ':method': request.method ?? 'GET',
    ':path': request.path ?? '/',
    ':authority': request.authority ?? 'conformance.test',
  };
  for (const [name, value] of request.headers ?? []) {
    const prev = out[name];
    out[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  return out;
}

/** An exchange on one stream of a `node:http2` session. */
export function h2Exchange(session: ClientHttp2Session, request: HttpRequestSpec, endStream: boolean, options: OpenOptions = {}): ClientExchange {
  const headers = h2Headers(request);
  if (options.contentLength !== undefined) headers['content-length'] = String(options.contentLength);
  const stream: ClientHttp2Stream = session.request(headers, { endStream });
  const chunks: Buffer[] = [];
  let received = 0;
  let head: { status: number; headers: Array<[string, string]> } | null = null;
  let ended = false;
  stream.on('response', (h: IncomingHttpHeaders, _flags: number, raw?: string[]) => {
    const fields: Array<[string, string]> = [];
    for (let i = 0; raw && i + 1 < raw.length; i += 2) if (!raw[i]!.startsWith(':')) fields.push([raw[i]!, raw[i + 1]!]);
    head = { status: Number(h[':status']), headers: fields };
  });
  stream.on('data', (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  });
  stream.on('end', () => (ended = true));
  stream.on('error', () => {});
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  return {
    write: (bytes) => new Promise<void>((resolve, reject) => stream.write(bytes, (e) => (e ? reject(e) : resolve()))),
    end: () => new Promise<void>((resolve) => stream.end(() => resolve())),
    get receivedBytes() {
      return received;
    },
    pauseReading: () => stream.pause(),
    resumeReading: () => stream.resume(),
    async reply(timeoutMs = DEFAULT_READ_TIMEOUT) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StepTimeoutError(
          `timed out after ${timeoutMs} ms reading an HTTP/2 response (status ${head?.status ?? 'none'}, ${received} body bytes)`)), timeoutMs);
      });
      await Promise.race([closed, deadline]).finally(() => clearTimeout(timer));
      const h = head as { status: number; headers: Array<[string, string]> } | null;
      const complete = ended && stream.rstCode === 0;
      return {
        httpVersion: '2',
        status: h?.status ?? 0,
        headers: h?.headers ?? [],
        body: Buffer.concat(chunks),
        complete,
        resetCode: complete ? null : (stream.rstCode ?? null),
      };
    },
    abort: () => stream.close(0x8),
  };
}

/** Sends one whole request on a `node:http2` session and reads the answer. */
export async function h2Fetch(session: ClientHttp2Session, request: HttpRequestSpec, timeoutMs?: number): Promise<HttpReply> {
  const body = request.body === undefined ? null : bytesOf(request.body);
  const exchange = h2Exchange(session, request, body === null);
  if (body !== null) {
    if (body.length > 0) await exchange.write(body);
    await exchange.end();
  }
  return exchange.reply(timeoutMs);
}

/** Value of the first header `name` of a reply. */
export function replyHeader(reply: Pick<HttpReply, 'headers'>, name: string): string | undefined {
  return reply.headers.find(([n]) => n === name)?.[1];
}
