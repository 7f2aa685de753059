/** @module Test helpers: start the server on 127.0.0.1:0 with a capturing logger, and talk raw TCP to it. */
import { connect, type Socket } from 'node:net';
import type { Application, Receive } from '@tsgi/spec';
import { serve, type Logger, type Server, type ServeOptions } from '../src/index.js';

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

/** Starts `app` on an ephemeral port. */
export async function start(app: Application, options: ServeOptions = {}): Promise<{ server: Server; port: number; logger: ReturnType<typeof captureLogger> }> {
  const logger = captureLogger();
  const server = await serve(app, { host: '127.0.0.1', port: 0, logger, ...options });
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

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** An app answering 200 with `text`, after reading the body. */
export function textApp(text: string): Application {
  const body = new TextEncoder().encode(text);
  return async (scope, receive, send) => {
    if (scope.type !== 'http') throw new Error('http only');
    for (;;) {
      const m = await receive();
      if (m.type !== 'http.request' || !m.moreBody) break;
    }
    await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(body.length)]] });
    await send({ type: 'http.response.body', body });
  };
}

/** Reads the whole request body (what arrived before a disconnect, if the client went). */
export async function readBody(receive: Receive): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const m = await receive();
    if (m.type !== 'http.request') break;
    parts.push(m.body);
    if (!m.moreBody) break;
  }
  return Buffer.concat(parts);
}

/** One HTTP/2 frame: the 9-byte header and the payload (RFC 9113 §4.1), for crafted-frame tests. */
export function h2Frame(type: number, flags: number, streamId: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(streamId, 5);
  return Buffer.concat([head, payload]);
}
