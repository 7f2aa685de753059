/**
 * @module Server-neutral socket helpers for the tests of both servers (this package's and `@tsgi/node`'s): raw TCP
 * clients with timeouts, a capturing logger, a body reader for test apps, and a crafted HTTP/2 frame builder.
 */
import { connect, type Socket } from 'node:net';
import type { Logger } from '@tsgi/gateway';
import type { Receive } from '@tsgi/spec';

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
