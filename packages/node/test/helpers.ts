/** @module Test helpers: start `@tsgi/node` on 127.0.0.1:0 with a capturing logger; raw TCP, curl and h2 clients. */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect as h2connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import type { Application } from '@tsgi/spec';
import { serve, type Server, type ServeOptions } from '../src/index.js';
import { captureLogger } from '../../server/test/sockets.js';

/** The socket helpers are the reference server's tests' own: one set for both servers. */
export * from '../../server/test/sockets.js';

const certs = new URL('../../server/test/fixtures/certs/', import.meta.url);
/** The reference server's self-signed test certificate (CN localhost, SAN 127.0.0.1). */
export const tls = { cert: readFileSync(new URL('cert.pem', certs)), key: readFileSync(new URL('key.pem', certs)) };
export const certPath = new URL('cert.pem', certs).pathname;

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

