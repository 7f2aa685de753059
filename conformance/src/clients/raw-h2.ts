/**
 * @module A frame-level HTTP/2 client for the scenarios that must see exact frames (END_STREAM on HEADERS, no DATA,
 * the exact header fields, RST_STREAM and GOAWAY codes, flow-control credit). Frames are parsed as they arrive and
 * header blocks decoded with `@tsgi/hpack`. Every wait has a deadline.
 */
import type { Socket } from 'node:net';
import { HpackDecoder, HpackEncoder } from '@tsgi/hpack';
import { StepTimeoutError } from '../util.js';
import { openSocket, type RawTlsOptions } from './raw-h1.js';

/** Frame types (RFC 9113 §6). */
export const FrameType = { DATA: 0x0, HEADERS: 0x1, RST_STREAM: 0x3, SETTINGS: 0x4, PING: 0x6, GOAWAY: 0x7, WINDOW_UPDATE: 0x8, CONTINUATION: 0x9 } as const;
/** Frame flags. */
export const Flag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;
/** Error codes (RFC 9113 §7). */
export const ErrorCode = { NO_ERROR: 0x0, PROTOCOL_ERROR: 0x1, INTERNAL_ERROR: 0x2, REFUSED_STREAM: 0x7, CANCEL: 0x8 } as const;
/** SETTINGS ids. */
export const Setting = { INITIAL_WINDOW_SIZE: 0x4, MAX_FRAME_SIZE: 0x5 } as const;

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** One received frame; header blocks (with their CONTINUATIONs) come decoded in `fields`. */
export interface Frame {
  /** Frame type octet (RFC 9113 §6, e.g. 0x1 for HEADERS). */
  readonly type: number;
  /** Flag octet as received (e.g. 0x1 END_STREAM, 0x4 END_HEADERS). */
  readonly flags: number;
  /** Stream identifier; 0 for connection-level frames. */
  readonly streamId: number;
  /** The payload without padding (and, for HEADERS, without the priority fields). */
  readonly payload: Buffer;
  /** Decoded header fields of a HEADERS frame (including CONTINUATIONs), in order. */
  readonly fields?: Array<[string, string]>;
}

/** Builds one frame. */
export function frame(type: number, flags: number, streamId: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(streamId, 5);
  return Buffer.concat([head, payload]);
}

/** What arrived on one stream until it ended (END_STREAM or RST_STREAM). */
export interface StreamResult {
  /** Header field lists, in order (the response head first; trailers last). */
  readonly heads: Array<Array<[string, string]>>;
  /** Whether the first HEADERS frame carried END_STREAM. */
  readonly endStreamOnHeaders: boolean;
  /** How many DATA frames arrived on the stream. */
  readonly dataFrames: number;
  /** The DATA payloads concatenated, padding removed. */
  readonly body: Buffer;
  /** RST_STREAM code, or `null` when the stream ended with END_STREAM. */
  readonly resetCode: number | null;
}

/** Options of {@link RawH2Client.open}. */
export interface RawH2Options {
  /** Over TLS with ALPN `h2`. */
  readonly tls?: Omit<RawTlsOptions, 'alpn'>;
  /** SETTINGS to send in the preface. */
  readonly settings?: ReadonlyArray<readonly [number, number]>;
  /** Send WINDOW_UPDATE for every DATA frame received (stream and connection). Default `true`. */
  readonly autoWindow?: boolean;
}

/** A raw HTTP/2 connection: preface sent, server SETTINGS acknowledged, frames recorded. */
export class RawH2Client {
  /** Every frame received, in order (SETTINGS acknowledgements included). */
  readonly frames: Frame[] = [];
  readonly #encoder = new HpackEncoder();
  readonly #decoder = new HpackDecoder();
  #buffer = Buffer.alloc(0);
  #pending: { streamId: number; flags: number; block: Buffer[] } | null = null;
  #closed = false;
  #wakers: Array<() => void> = [];
  #autoWindow: boolean;
  /** Error from decoding, if any (reported by the next wait). */
  #failure: Error | null = null;

  /** @param socket The connection the frames travel on (TLS or cleartext); scenarios may pause or inspect it. */
  private constructor(readonly socket: Socket, autoWindow: boolean) {
    this.#autoWindow = autoWindow;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
    socket.on('error', () => {});
  }

  /** Connects, sends the preface and SETTINGS. */
  static async open(host: string, port: number, options: RawH2Options = {}): Promise<RawH2Client> {
    const socket = await openSocket(host, port, options.tls ? { tls: { ...options.tls, alpn: ['h2'] } } : {});
    const client = new RawH2Client(socket, options.autoWindow ?? true);
    const settings = Buffer.alloc(6 * (options.settings?.length ?? 0));
    (options.settings ?? []).forEach(([id, value], i) => {
      settings.writeUInt16BE(id, i * 6);
      settings.writeUInt32BE(value, i * 6 + 2);
    });
    socket.write(Buffer.concat([PREFACE, frame(FrameType.SETTINGS, 0, 0, settings)]));
    return client;
  }

  /** Whether the server closed the connection. */
  get closed(): boolean {
    return this.#closed;
  }

  #wake(): void {
    const wakers = this.#wakers;
    this.#wakers = [];
    for (const w of wakers) w();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 9) {
      const length = this.#buffer.readUIntBE(0, 3);
      if (this.#buffer.length < 9 + length) break;
      const type = this.#buffer[3]!;
      const flags = this.#buffer[4]!;
      const streamId = this.#buffer.readUInt32BE(5) & 0x7fffffff;
      const payload = Buffer.from(this.#buffer.subarray(9, 9 + length));
      this.#buffer = this.#buffer.subarray(9 + length);
      try {
        this.#onFrame(type, flags, streamId, payload);
      } catch (error) {
        this.#failure = error as Error;
      }
    }
    this.#wake();
  }

  #onFrame(type: number, flags: number, streamId: number, payload: Buffer): void {
    let body = payload;
    if ((type === FrameType.DATA || type === FrameType.HEADERS) && flags & Flag.PADDED) {
      body = body.subarray(1, body.length - body[0]!);
    }
    if (type === FrameType.HEADERS && flags & Flag.PRIORITY) body = body.subarray(5);
    if (type === FrameType.SETTINGS && !(flags & Flag.ACK)) this.socket.write(frame(FrameType.SETTINGS, Flag.ACK, 0));
    if (type === FrameType.PING && !(flags & Flag.ACK)) this.socket.write(frame(FrameType.PING, Flag.ACK, 0, payload));
    if (type === FrameType.DATA && this.#autoWindow && payload.length > 0) {
      this.windowUpdate(0, payload.length);
      if (!(flags & Flag.END_STREAM)) this.windowUpdate(streamId, payload.length);
    }
    if (type === FrameType.HEADERS || type === FrameType.CONTINUATION) {
      const pending = type === FrameType.HEADERS ? { streamId, flags, block: [] as Buffer[] } : this.#pending;
      if (!pending) throw new Error('CONTINUATION without HEADERS');
      pending.block.push(body);
      this.#pending = pending;
      if (!(flags & Flag.END_HEADERS)) return;
      this.#pending = null;
      const fields = this.#decoder.decode(Buffer.concat(pending.block));
      this.frames.push({ type: FrameType.HEADERS, flags: pending.flags | Flag.END_HEADERS, streamId: pending.streamId, payload: body, fields });
      return;
    }
    this.frames.push({ type, flags, streamId, payload: body });
  }

  /** Sends frames. */
  send(...frames: Buffer[]): void {
    if (!this.socket.destroyed) this.socket.write(Buffer.concat(frames));
  }

  /** A HEADERS frame for `fields` (END_HEADERS always; END_STREAM when `endStream`). */
  headersFrame(streamId: number, fields: ReadonlyArray<readonly [string, string]>, endStream = true): Buffer {
    const block = this.#encoder.encode(fields.map(([n, v]) => [n, v] as [string, string]));
    return frame(FrameType.HEADERS, Flag.END_HEADERS | (endStream ? Flag.END_STREAM : 0), streamId, block);
  }

  /** Sends a request head. */
  request(streamId: number, fields: ReadonlyArray<readonly [string, string]>, endStream = true): void {
    this.send(this.headersFrame(streamId, fields, endStream));
  }

  /** Sends DATA, split into 16 KiB frames (one empty frame for an empty body). */
  data(streamId: number, bytes: Uint8Array, endStream = false): void {
    const end = endStream ? Flag.END_STREAM : 0;
    if (bytes.length === 0) {
      this.send(frame(FrameType.DATA, end, streamId));
      return;
    }
    const frames: Buffer[] = [];
    for (let at = 0; at < bytes.length; at += 16_384) {
      frames.push(frame(FrameType.DATA, at + 16_384 >= bytes.length ? end : 0, streamId, bytes.subarray(at, at + 16_384)));
    }
    this.send(...frames);
  }

  /** Sends WINDOW_UPDATE. */
  windowUpdate(streamId: number, increment: number): void {
    const p = Buffer.alloc(4);
    p.writeUInt32BE(increment, 0);
    this.send(frame(FrameType.WINDOW_UPDATE, 0, streamId, p));
  }

  /** Sends RST_STREAM. */
  reset(streamId: number, code: number = ErrorCode.CANCEL): void {
    const p = Buffer.alloc(4);
    p.writeUInt32BE(code, 0);
    this.send(frame(FrameType.RST_STREAM, 0, streamId, p));
  }

  /** The first frame (past or future) matching `predicate`; rejects after `timeoutMs` or when the connection closes. */
  async waitFor(predicate: (f: Frame) => boolean, timeoutMs = 5_000, what = 'a frame'): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#failure) throw this.#failure;
      const found = this.frames.find(predicate);
      if (found) return found;
      if (this.#closed) throw new Error(`connection closed while waiting for ${what}; frames: ${this.describe()}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new StepTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}; frames: ${this.describe()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wakers.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Whether the stream has ended (END_STREAM from the server, or RST_STREAM). */
  ended(streamId: number): boolean {
    return this.frames.some((f) => f.streamId === streamId && (f.type === FrameType.RST_STREAM ||
      ((f.type === FrameType.DATA || f.type === FrameType.HEADERS) && f.flags & Flag.END_STREAM)));
  }

  /** Waits for the stream to end and returns what arrived on it. */
  async response(streamId: number, timeoutMs = 5_000): Promise<StreamResult> {
    await this.waitFor((f) => f.streamId === streamId && this.ended(streamId), timeoutMs, `the end of stream ${streamId}`);
    return this.streamSoFar(streamId);
  }

  /** What arrived on a stream so far. */
  streamSoFar(streamId: number): StreamResult {
    const mine = this.frames.filter((f) => f.streamId === streamId);
    const heads = mine.filter((f) => f.type === FrameType.HEADERS);
    const data = mine.filter((f) => f.type === FrameType.DATA);
    const rst = mine.find((f) => f.type === FrameType.RST_STREAM);
    return {
      heads: heads.map((f) => f.fields ?? []),
      endStreamOnHeaders: heads.length > 0 && (heads[0]!.flags & Flag.END_STREAM) !== 0,
      dataFrames: data.length,
      body: Buffer.concat(data.map((f) => f.payload)),
      resetCode: rst ? rst.payload.readUInt32BE(0) : null,
    };
  }

  /** Waits up to `timeoutMs` for the server to close the connection; `true` if it did. */
  async waitForClose(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.#closed;
  }

  /** Frame types received, for failure messages. */
  describe(): string {
    return this.frames.map((f) => `${f.type}/${f.flags}@${f.streamId}`).join(' ');
  }

  /** Closes the socket. */
  close(): void {
    this.socket.destroy();
  }
}

/** The value of header `name` in a field list. */
export function field(fields: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  return fields.find(([n]) => n === name)?.[1];
}
