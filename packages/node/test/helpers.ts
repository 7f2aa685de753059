/** @module Test helpers: start `@tsgi/node` on 127.0.0.1:0 with a capturing logger; raw TCP, curl and h2 clients. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect as h2connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { connect, type Socket } from 'node:net';
import type { Application } from '@tsgi/spec';
import { serve, type Logger, type Server, type ServeOptions } from '../src/index.js';

const certs = new URL('../../server/test/fixtures/certs/', import.meta.url);
/** The reference server's self-signed test certificate (CN localhost, SAN 127.0.0.1). */
export const tls = { cert: readFileSync(new URL('cert.pem', certs)), key: readFileSync(new URL('key.pem', certs)) };
export const certPath = new URL('cert.pem', certs).pathname;

/** A logger that keeps every line. */
export function captureLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    error: (m, e) => lines.push(`error ${m}${e === undefined ? '' : ` ${String(e)}`}`),
    warn: (m) => lines.push(`warn ${m}`),
    info: (m) => lines.push(`info ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
  };
}

export interface Started {
  server: Server;
  port: number;
  logger: ReturnType<typeof captureLogger>;
}

/** Starts `app` on an ephemeral port. */
export async function start(app: Application, options: ServeOptions = {}): Promise<Started> {
  const logger = captureLogger();
  const server = await serve(app, { host: '127.0.0.1', port: 0, logger, shutdownTimeout: 2000, ...options });
  return { server, port: server.addresses[0]!.port, logger };
}

/** Opens a TCP connection. */
export function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Collects everything the server sends until it closes (or `timeoutMs`, then rejects). */
export function readUntilClose(socket: Socket, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`));
    }, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

/** Reads until `predicate(text)` holds, or rejects after `timeoutMs`. */
export function readUntil(socket: Socket, predicate: (text: string) => boolean, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (c: Buffer): void => {
      text += c.toString('latin1');
      if (predicate(text)) finish();
    };
    const finish = (): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      resolve(text);
    };
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new Error(`condition not met within ${timeoutMs} ms; got ${JSON.stringify(text)}`));
    }, timeoutMs);
    socket.on('data', onData);
  });
}

/** Sends raw bytes on a new connection and returns all the server sent before closing. */
export async function exchange(port: number, request: string | Uint8Array, timeoutMs = 5000): Promise<string> {
  const socket = await open(port);
  const reply = readUntilClose(socket, timeoutMs);
  socket.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request);
  return reply;
}

/** Runs curl; resolves with stdout (latin1) and stderr. */
export function curl(args: string[], timeoutMs = 10_000): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '--max-time', String(timeoutMs / 1000), ...args], { encoding: 'latin1', timeout: timeoutMs + 2000 }, (error, stdout, stderr) => {
      resolve({ stdout, stderr, code: error === null ? 0 : ((error as { code?: number }).code ?? 1) });
    });
  });
}

/** An HTTP/2 response read to the end. */
export interface H2Response {
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

/** Opens an h2c (prior knowledge) or h2 (TLS) session to the server. */
export function h2(port: number, secure = false): ClientHttp2Session {
  const session = secure
    ? h2connect(`https://localhost:${port}`, { ca: tls.cert, servername: 'localhost', host: '127.0.0.1' } as never)
    : h2connect(`http://127.0.0.1:${port}`);
  session.on('error', () => {});
  return session;
}

/** One request on `session`, read to the end. */
export function h2request(
  session: ClientHttp2Session,
  headers: Record<string, string | string[]>,
  body?: Uint8Array | string,
): Promise<H2Response> {
  return new Promise((resolve, reject) => {
    const req = session.request(headers, { endStream: body === undefined });
    const chunks: Buffer[] = [];
    let head: { headers: IncomingHttpHeaders; raw: string[] } | null = null;
    req.on('response', (h: IncomingHttpHeaders, _flags: number, raw: string[]) => (head = { headers: h, raw }));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve({ headers: head!.headers, rawHeaders: head!.raw, body: Buffer.concat(chunks) }));
    req.on('error', reject);
    if (body !== undefined) req.end(body);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Concatenates a request's body by calling receive() until moreBody is false. */
export async function readBody(receive: Parameters<Application>[1]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const m = await receive();
    if (m.type !== 'http.request') return Buffer.concat(parts);
    parts.push(Buffer.from(m.body));
    if (!m.moreBody) return Buffer.concat(parts);
  }
}
