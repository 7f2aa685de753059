/**
 * @module Helpers for running the static files app on the real TSGI servers (`@tsgi/server` and `@tsgi/node`):
 * a temporary file tree, servers with a capturing logger and the validator, and three clients that send the
 * request target as given (raw HTTP/1.1 sockets; `node:http2` for h2c and h2 over TLS, which passes `:path`
 * through).
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { connect as connectH2, constants as h2constants, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { connect as connectTcp, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Application } from '@tsgi/spec';
import { serve as serveNode } from '@tsgi/node';
import { serve as serveReference, type Logger, type Server } from '@tsgi/server';
import { validate, type ValidationError } from '@tsgi/validator';
import { PATHSEND, staticFiles, type StaticFilesOptions } from '../../src/index.js';

const certs = new URL('../../../server/test/fixtures/certs/', import.meta.url);
export const cert = readFileSync(new URL('cert.pem', certs), 'utf8');
export const key = readFileSync(new URL('key.pem', certs), 'utf8');

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Text every file outside the root contains; no response may ever carry it. */
export const MARKER = 'OUTSIDE-THE-ROOT-MARKER-7f3a';
/** Text of the dotfile inside the root; never served with the default `dotfiles: 'deny'`. */
export const DOT_MARKER = 'DOTFILE-MARKER-b41c';

/** A fixed modification time for the served files: 2024-01-02T03:04:05Z. */
export const MTIME = new Date('2024-01-02T03:04:05Z');
export const MTIME_HTTP = 'Tue, 02 Jan 2024 03:04:05 GMT';

export const INDEX_HTML = '<!doctype html><title>root</title><p>root index</p>\n';
export const SUB_INDEX_HTML = '<!doctype html><p>sub index</p>\n';
export const TEXT_UTF8 = 'Grüße, café, naïve, 日本語, ✓ and 🚀\n';
export const CSS = 'body { color: #333; }\n';
export const JSON_TEXT = '{"name":"static","ok":true,"n":[1,2,3]}\n';
export const PATTERN_SIZE = MiB;
export const BIG_SIZE = 50 * MiB;

/** The 1 MiB file's bytes: a pattern that differs at every offset within 64 KiB chunks and between them. */
export function patternBytes(size = PATTERN_SIZE): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >>> 8) * 7 + (i >>> 16)) & 0xff;
  return bytes;
}

export interface Tree {
  /** The temporary directory holding everything. */
  readonly base: string;
  /** The served root: `<base>/root`. */
  readonly root: string;
  /** sha256 (hex) of `big.bin`, when it was written. */
  readonly bigHash: string | undefined;
  cleanup(): void;
}

function put(path: string, content: string | Uint8Array): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  utimesSync(path, MTIME, MTIME);
}

/**
 * Builds the tree (with `big.bin`, 50 MiB, written one MiB at a time, only when `big` is set):
 *
 * ```
 * base/outside.txt, base/outside/outside.txt, base/outside/x, base/rootx/outside.txt   (MARKER)
 * base/root/index.html, text.txt (UTF-8), style.css, data.json, pattern.bin (1 MiB), big.bin (50 MiB),
 * base/root/.secret (DOT_MARKER), sub/index.html, sub/inner.txt,
 * base/root/link-out -> ../outside, link-file -> ../outside.txt, link-abs -> <base>/outside/x,
 * base/root/link-rootx -> ../rootx/outside.txt
 * ```
 */
export function makeTree(options: { big?: boolean } = {}): Tree {
  const base = mkdtempSync(join(tmpdir(), 'app-static-servers-'));
  const root = join(base, 'root');
  put(join(base, 'outside.txt'), MARKER);
  put(join(base, 'outside', 'outside.txt'), MARKER);
  put(join(base, 'outside', 'x'), MARKER);
  put(join(base, 'rootx', 'outside.txt'), MARKER);
  put(join(base, 'win.ini'), MARKER);

  put(join(root, 'index.html'), INDEX_HTML);
  put(join(root, 'text.txt'), TEXT_UTF8);
  put(join(root, 'style.css'), CSS);
  put(join(root, 'data.json'), JSON_TEXT);
  put(join(root, 'pattern.bin'), patternBytes());
  put(join(root, '.secret'), DOT_MARKER);
  put(join(root, 'sub', 'index.html'), SUB_INDEX_HTML);
  put(join(root, 'sub', 'inner.txt'), 'inner\n');
  symlinkSync('../outside', join(root, 'link-out'));
  symlinkSync('../outside.txt', join(root, 'link-file'));
  symlinkSync(join(base, 'outside', 'x'), join(root, 'link-abs'));
  symlinkSync('../rootx/outside.txt', join(root, 'link-rootx'));

  let bigHash: string | undefined;
  if (options.big) {
    // Each MiB different (its words are their own offsets), so order and offsets are checked by the hash.
    const hash = createHash('sha256');
    const fd = openSync(join(root, 'big.bin'), 'w');
    const block = Buffer.alloc(MiB);
    for (let i = 0; i < BIG_SIZE / MiB; i++) {
      for (let j = 0; j < MiB; j += 4) block.writeUInt32LE((i * MiB + j) >>> 0, j);
      writeSync(fd, block);
      hash.update(block);
    }
    closeSync(fd);
    bigHash = hash.digest('hex');
  }
  return { base, root, bigHash, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** A logger that keeps every error and warning. */
export function captureLogger(): Logger & { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  return {
    errors,
    warnings,
    error: (m, e) => errors.push(`${m}${e === undefined ? '' : ` ${e instanceof Error ? e.stack : String(e)}`}`),
    warn: (m) => warnings.push(m),
    info() {},
    debug() {},
  };
}

export const SERVERS = [
  ['reference', serveReference],
  ['node', serveNode],
] as const;
export type ServeFn = (typeof SERVERS)[number][1];

/** The app's two ways of sending a file: the server's pathsend extension (the default) or its own chunks. */
export const MODES = [
  ['pathsend', {}],
  ['chunked', { pathsend: false }],
] as const satisfies readonly (readonly [string, StaticFilesOptions])[];

export type Protocol = 'HTTP/1.1' | 'h2c' | 'h2 over TLS';
export const PROTOCOLS: readonly Protocol[] = ['HTTP/1.1', 'h2c', 'h2 over TLS'];

/** A running server with the app under the validator, its ports, and what it logged and violated. */
export interface Running {
  server: Server;
  plain: number;
  tls: number;
  violations: ValidationError[];
  logger: ReturnType<typeof captureLogger>;
  /** App calls in progress (to wait until a disconnected request has finished on the server). */
  active(): number;
  /** Errors the app's `http` calls ended with (a client that left: TSGI_CLIENT_DISCONNECTED, which is expected). */
  appErrors: unknown[];
  /** `http` scopes seen, and how many of them advertised `http.response.pathsend`. */
  scopes: { http: number; pathsend: number };
  close(): Promise<void>;
}

/** Starts `serve` with `staticFiles(root, options)` under the validator, on a cleartext and a TLS listener. */
export async function startStatic(serve: ServeFn, root: string, options: StaticFilesOptions = {}): Promise<Running> {
  const violations: ValidationError[] = [];
  const logger = captureLogger();
  const inner = validate(staticFiles(root, options), { onViolation: (v) => violations.push(v) });
  let active = 0;
  const appErrors: unknown[] = [];
  const scopes = { http: 0, pathsend: 0 };
  const app: Application = async (scope, receive, send) => {
    if (scope.type === 'http') {
      scopes.http++;
      if (scope.extensions[PATHSEND] !== undefined) scopes.pathsend++;
    }
    active++;
    try {
      await inner(scope, receive, send);
    } catch (error) {
      if (scope.type === 'http') appErrors.push(error);
      throw error;
    } finally {
      active--;
    }
  };
  const server = await serve(app, {
    listen: [{ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: 0, tls: { cert, key } }],
    logger,
  });
  return {
    server,
    plain: server.addresses[0]!.port,
    tls: server.addresses[1]!.port,
    violations,
    logger,
    active: () => active,
    appErrors,
    scopes,
    close: () => withTimeout(server.close(), 15_000, 'server.close()'),
  };
}

/** Rejects when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `condition` every 10 ms; rejects after `ms`. */
export async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${ms} ms`);
    await sleep(10);
  }
}

/** A response as a client saw it. `headers` has lower-case names; repeated fields are joined with ", ". */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RequestSpec {
  method?: string;
  /** The request target, sent byte for byte (latin1) on HTTP/1.1 and as `:path` on h2. */
  target: string;
  headers?: Record<string, string>;
}

const TIMEOUT = 10_000;

/** Sends one request on a new connection of `protocol` and reads the whole response. */
export function request(protocol: Protocol, running: Pick<Running, 'plain' | 'tls'>, spec: RequestSpec): Promise<Reply> {
  const what = `${protocol} ${spec.method ?? 'GET'} ${spec.target}`;
  return withTimeout(protocol === 'HTTP/1.1' ? h1Request(running.plain, spec) : h2Request(protocol, running, spec), TIMEOUT, what);
}

function openTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: '127.0.0.1', port }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function h1Head(spec: RequestSpec): Buffer {
  const lines = [`${spec.method ?? 'GET'} ${spec.target} HTTP/1.1`, 'host: 127.0.0.1', 'connection: close'];
  for (const [name, value] of Object.entries(spec.headers ?? {})) lines.push(`${name}: ${value}`);
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/** Parses a response head (status line and fields) from latin1 text without the final CRLF CRLF. */
function parseHead(text: string): { status: number; headers: Record<string, string> } {
  const [statusLine = '', ...fieldLines] = text.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP/1.x status line: ${JSON.stringify(statusLine)}`);
  const headers: Record<string, string> = {};
  for (const line of fieldLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { status: Number(match[1]), headers };
}

/** Decodes a chunked body (RFC 9112 §7.1); trailers are dropped. */
function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', at);
    if (eol < 0) throw new Error('truncated chunked body');
    const size = Number.parseInt(data.subarray(at, eol).toString('latin1').split(';')[0]!, 16);
    if (size === 0) return Buffer.concat(parts);
    parts.push(data.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/**
 * HTTP/1.1 on a raw socket with `connection: close`: everything the server sends until it closes is read, so
 * any body bytes after a HEAD or 304 (or a second response) would show up in `body`. The client does not half-close
 * (SERVER-CLIENT-EOF: a FIN while the request is in flight means the client left).
 */
async function h1Request(port: number, spec: RequestSpec): Promise<Reply> {
  const socket = await openTcp(port);
  return new Promise<Reply>((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no complete response head: ${JSON.stringify(all.toString('latin1'))}`));
      try {
        const { status, headers } = parseHead(all.subarray(0, end).toString('latin1'));
        const rest = all.subarray(end + 4);
        const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(rest) : rest;
        resolve({ status, headers, body });
      } catch (error) {
        reject(error);
      }
    });
    socket.write(h1Head(spec)); // not end(): a FIN before the response is a client that left (SERVER-CLIENT-EOF)
  });
}

/** Opens an h2c session (prior knowledge) or an h2 session over TLS that trusts the test certificate. */
export function openH2(protocol: Exclude<Protocol, 'HTTP/1.1'>, running: Pick<Running, 'plain' | 'tls'>): ClientHttp2Session {
  return protocol === 'h2c'
    ? connectH2(`http://127.0.0.1:${running.plain}`)
    : connectH2(`https://127.0.0.1:${running.tls}`, { ca: cert });
}

function h2Headers(spec: RequestSpec): Record<string, string> {
  return { ':method': spec.method ?? 'GET', ':path': spec.target, ...(spec.headers ?? {}) };
}

function h2Reply(raw: Record<string, string | string[] | number | undefined>, body: Buffer): Reply {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined && !name.startsWith(':')) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { status: Number(raw[':status']), headers, body };
}

async function h2Request(protocol: Exclude<Protocol, 'HTTP/1.1'>, running: Pick<Running, 'plain' | 'tls'>, spec: RequestSpec): Promise<Reply> {
  const session = openH2(protocol, running);
  try {
    return await new Promise<Reply>((resolve, reject) => {
      session.on('error', reject);
      const stream = session.request(h2Headers(spec), { endStream: true });
      let raw: Record<string, string | string[] | number | undefined> = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => (raw = h));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', reject);
      stream.on('close', () => {
        if (raw[':status'] === undefined) {
          return reject(new Error(`stream closed without a response (rstCode ${stream.rstCode})`));
        }
        if (stream.rstCode !== h2constants.NGHTTP2_NO_ERROR) {
          return reject(new Error(`stream reset with code ${stream.rstCode} after ${Buffer.concat(chunks).length} body bytes`));
        }
        resolve(h2Reply(raw, Buffer.concat(chunks)));
      });
    });
  } finally {
    session.destroy();
  }
}

/** The result of reading a (large) body without keeping it. */
export interface StreamedReply {
  status: number;
  headers: Record<string, string>;
  bytes: number;
  sha256: string;
}

export interface StreamOptions {
  /** Request header fields. */
  headers?: Record<string, string>;
  /** Stop reading for this long after the first body bytes. */
  pauseMs?: number;
  /** Called 4/5 into the pause, while the server has had time to fill every buffer it allows itself. */
  duringPause?: () => void;
  /** Leave after this many body bytes. */
  abortAfter?: number;
  timeoutMs?: number;
}

/** Pauses `source` for `options.pauseMs`, calling `duringPause` 4/5 into it. */
function pauseFor(source: { pause(): unknown; resume(): unknown }, options: StreamOptions): void {
  source.pause();
  const ms = options.pauseMs ?? 0;
  if (options.duringPause) setTimeout(options.duringPause, (ms * 4) / 5);
  setTimeout(() => source.resume(), ms);
}

/**
 * GETs `target` and hashes the body as it arrives, without keeping it. After the first body bytes the reader
 * pauses for `pauseMs` (a slow client: the server must wait, not buffer the file). With `abortAfter`, the client
 * leaves once that many body bytes arrived (HTTP/1.1: the socket is destroyed; h2: the stream is reset with
 * CANCEL) and the promise resolves with what was read so far.
 */
export function streamGet(
  protocol: Protocol,
  running: Pick<Running, 'plain' | 'tls'>,
  target: string,
  options: StreamOptions = {},
): Promise<StreamedReply> {
  const run = protocol === 'HTTP/1.1' ? h1Stream(running.plain, target, options) : h2Stream(protocol, running, target, options);
  return withTimeout(run, options.timeoutMs ?? 30_000, `${protocol} streaming GET ${target}`);
}

interface Sink {
  feed(chunk: Buffer): boolean; // false: stop (abortAfter reached)
  result(status: number, headers: Record<string, string>): StreamedReply;
}

function sink(abortAfter: number | undefined): Sink {
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    feed(chunk) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      return abortAfter === undefined || bytes < abortAfter;
    },
    result: (status, headers) => ({ status, headers, bytes, sha256: hash.digest('hex') }),
  };
}

async function h1Stream(port: number, target: string, options: StreamOptions): Promise<StreamedReply> {
  const socket = await openTcp(port);
  return new Promise<StreamedReply>((resolve, reject) => {
    const body = sink(options.abortAfter);
    let head: { status: number; headers: Record<string, string> } | undefined;
    let pending = Buffer.alloc(0);
    let paused = options.pauseMs === undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (!head) return reject(new Error('connection closed before the response head'));
      resolve(body.result(head.status, head.headers));
    };
    socket.on('data', (c: Buffer) => {
      if (done) return;
      let data = c;
      if (!head) {
        pending = Buffer.concat([pending, c]);
        const end = pending.indexOf('\r\n\r\n');
        if (end < 0) return;
        head = parseHead(pending.subarray(0, end).toString('latin1'));
        if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) {
          done = true;
          socket.destroy();
          return reject(new Error('unexpected chunked framing for a file with a known length'));
        }
        data = pending.subarray(end + 4);
      }
      if (data.byteLength > 0 && !body.feed(data)) {
        socket.destroy();
        return finish();
      }
      if (!paused && data.byteLength > 0) {
        paused = true;
        pauseFor(socket, options);
      }
    });
    socket.on('error', (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
    socket.on('close', finish);
    socket.write(h1Head({ target, headers: options.headers }));
  });
}

async function h2Stream(
  protocol: Exclude<Protocol, 'HTTP/1.1'>,
  running: Pick<Running, 'plain' | 'tls'>,
  target: string,
  options: StreamOptions,
): Promise<StreamedReply> {
  const session = openH2(protocol, running);
  try {
    return await new Promise<StreamedReply>((resolve, reject) => {
      session.on('error', reject);
      const stream: ClientHttp2Stream = session.request(h2Headers({ target, headers: options.headers }), { endStream: true });
      const body = sink(options.abortAfter);
      let raw: Record<string, string | string[] | number | undefined> = {};
      let paused = options.pauseMs === undefined;
      let aborted = false;
      stream.on('response', (h) => (raw = h));
      stream.on('data', (c: Buffer) => {
        if (aborted) return;
        if (!body.feed(c)) {
          aborted = true;
          stream.close(h2constants.NGHTTP2_CANCEL);
          return;
        }
        if (!paused) {
          paused = true;
          pauseFor(stream, options);
        }
      });
      stream.on('error', (error) => {
        if (!aborted) reject(error);
      });
      stream.on('close', () => {
        if (raw[':status'] === undefined) return reject(new Error(`stream closed without a response (rstCode ${stream.rstCode})`));
        if (!aborted && stream.rstCode !== h2constants.NGHTTP2_NO_ERROR) {
          return reject(new Error(`stream reset with code ${stream.rstCode}`));
        }
        const reply = h2Reply(raw, Buffer.alloc(0));
        resolve(body.result(reply.status, reply.headers));
      });
    });
  } finally {
    session.destroy();
  }
}

/** `gc()` from V8, for memory measurements. */
export const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** How many of this process's file descriptors are open on a file whose path ends with `suffix` (Linux only). */
export function openFds(suffix: string): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).endsWith(suffix)) count++;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}
