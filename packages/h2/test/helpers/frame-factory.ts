/** @module Test helper: builds client frames as bytes (HPACK-encoding header lists), and a client-side harness. */
import { HpackDecoder, HpackEncoder } from '@tsgi/hpack';
import {
  CLIENT_PREFACE,
  Flag,
  FrameReader,
  FrameType,
  H2ServerConnection,
  MAX_MAX_FRAME_SIZE,
  serializeFrame,
  type Frame,
  type H2Event,
  type H2Limits,
  type H2Settings,
  type PriorityFields,
} from '../../src/index.js';

export type Fields = Array<[string, string]>;

const te = new TextEncoder();
const bytesOf = (b: Uint8Array | string): Uint8Array => (typeof b === 'string' ? te.encode(b) : b);

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A GET request header list with optional extra fields. */
export function request(method = 'GET', path = '/', extra: Fields = []): Fields {
  return [[':method', method], [':scheme', 'https'], [':authority', 'example.com'], [':path', path], ...extra];
}

interface HeadersOptions {
  endStream?: boolean;
  endHeaders?: boolean;
  padLength?: number;
  priority?: PriorityFields;
}

/** Builds client frames as bytes. One HPACK encoder per factory, like one client connection. */
export class FrameFactory {
  readonly encoder = new HpackEncoder();

  preface(): Uint8Array {
    return CLIENT_PREFACE.slice();
  }
  encode(list: Fields): Uint8Array {
    return this.encoder.encode(list);
  }
  raw(type: number, flags: number, streamId: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
    const out = new Uint8Array(9 + payload.length);
    out[0] = payload.length >>> 16;
    out[1] = (payload.length >>> 8) & 0xff;
    out[2] = payload.length & 0xff;
    out[3] = type;
    out[4] = flags;
    out[5] = (streamId >>> 24) & 0xff;
    out[6] = (streamId >>> 16) & 0xff;
    out[7] = (streamId >>> 8) & 0xff;
    out[8] = streamId & 0xff;
    out.set(payload, 9);
    return out;
  }
  settings(params: Array<[number, number]> = [], ack = false): Uint8Array {
    return serializeFrame({ type: FrameType.SETTINGS, streamId: 0, flags: ack ? Flag.ACK : 0, settings: params });
  }
  settingsAck(): Uint8Array {
    return this.settings([], true);
  }
  headersBlock(streamId: number, fragment: Uint8Array, o: HeadersOptions = {}): Uint8Array {
    const flags =
      (o.endStream ? Flag.END_STREAM : 0) | (o.endHeaders === false ? 0 : Flag.END_HEADERS) | (o.padLength !== undefined ? Flag.PADDED : 0);
    return serializeFrame({
      type: FrameType.HEADERS,
      streamId,
      flags,
      fragment,
      padLength: o.padLength ?? 0,
      priority: o.priority ?? null,
    });
  }
  headers(streamId: number, list: Fields, o: HeadersOptions = {}): Uint8Array {
    return this.headersBlock(streamId, this.encode(list), o);
  }
  continuation(streamId: number, fragment: Uint8Array, endHeaders: boolean): Uint8Array {
    return serializeFrame({ type: FrameType.CONTINUATION, streamId, flags: endHeaders ? Flag.END_HEADERS : 0, fragment });
  }
  data(streamId: number, body: Uint8Array | string, o: { endStream?: boolean; padLength?: number } = {}): Uint8Array {
    const flags = (o.endStream ? Flag.END_STREAM : 0) | (o.padLength !== undefined ? Flag.PADDED : 0);
    return serializeFrame({ type: FrameType.DATA, streamId, flags, data: bytesOf(body), padLength: o.padLength ?? 0 });
  }
  priority(streamId: number, dependency: number, weight = 15, exclusive = false): Uint8Array {
    return serializeFrame({ type: FrameType.PRIORITY, streamId, flags: 0, priority: { dependency, weight, exclusive } });
  }
  rstStream(streamId: number, errorCode: number): Uint8Array {
    return serializeFrame({ type: FrameType.RST_STREAM, streamId, flags: 0, errorCode });
  }
  ping(opaque: Uint8Array = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), ack = false): Uint8Array {
    return serializeFrame({ type: FrameType.PING, streamId: 0, flags: ack ? Flag.ACK : 0, opaque });
  }
  goAway(lastStreamId: number, errorCode: number, debug = ''): Uint8Array {
    return serializeFrame({ type: FrameType.GOAWAY, streamId: 0, flags: 0, lastStreamId, errorCode, debugData: te.encode(debug) });
  }
  windowUpdate(streamId: number, increment: number): Uint8Array {
    return serializeFrame({ type: FrameType.WINDOW_UPDATE, streamId, flags: 0, increment });
  }
  pushPromise(streamId: number, promisedStreamId: number, list: Fields): Uint8Array {
    return serializeFrame({
      type: FrameType.PUSH_PROMISE,
      streamId,
      flags: Flag.END_HEADERS,
      promisedStreamId,
      fragment: this.encode(list),
      padLength: 0,
    });
  }
}

/** A test client: the connection under test, a frame factory, and a reader + HPACK decoder for what it sends. */
export class Client {
  readonly ff = new FrameFactory();
  readonly conn: H2ServerConnection;
  readonly decoder = new HpackDecoder({ maxHeaderListSize: 1 << 24 });
  readonly reader = new FrameReader(MAX_MAX_FRAME_SIZE, false);
  now = 0;

  constructor(options: { settings?: Partial<H2Settings>; limits?: Partial<H2Limits> } = {}) {
    this.conn = new H2ServerConnection(options);
  }

  /** A client past the preface exchange: server output drained. */
  static ready(options?: { settings?: Partial<H2Settings>; limits?: Partial<H2Limits> }, clientSettings: Array<[number, number]> = []): Client {
    const c = new Client(options);
    c.send(c.ff.preface(), c.ff.settings(clientSettings), c.ff.settingsAck());
    c.frames();
    return c;
  }

  /** Feeds bytes (concatenated) to the server. */
  send(...parts: Uint8Array[]): H2Event[] {
    return this.conn.receiveData(concat(...parts), this.now);
  }

  /** Everything the server queued, as frames. */
  frames(): Frame[] {
    const out: Frame[] = [];
    for (const chunk of this.conn.dataToSend()) {
      this.reader.feed(chunk);
      for (let f = this.reader.next(); f !== null; f = this.reader.next()) out.push(f);
    }
    return out;
  }

  /** Everything the server queued, as raw bytes. */
  bytes(): Uint8Array {
    return concat(...this.conn.dataToSend());
  }

  /** Decodes a HEADERS frame's block (assumes END_HEADERS). */
  decode(f: Frame): Fields {
    if (f.type !== FrameType.HEADERS || 'unknown' in f) throw new Error('not HEADERS');
    return this.decoder.decode(f.fragment);
  }
}

/** A short description of each frame, e.g. `RST_STREAM:1:1` (type:stream:code), for readable assertions. */
export function describe(frames: Frame[]): string[] {
  const names = Object.fromEntries(Object.entries(FrameType).map(([k, v]) => [v, k]));
  return frames.map((f) => {
    const name = names[f.type] ?? `UNKNOWN_${f.type}`;
    if ('unknown' in f) return name;
    switch (f.type) {
      case FrameType.RST_STREAM:
        return `${name}:${f.streamId}:${f.errorCode}`;
      case FrameType.GOAWAY:
        return `${name}:${f.lastStreamId}:${f.errorCode}`;
      case FrameType.WINDOW_UPDATE:
        return `${name}:${f.streamId}:${f.increment}`;
      case FrameType.SETTINGS:
      case FrameType.PING:
        return (f.flags & Flag.ACK) !== 0 ? `${name}:ACK` : name;
      case FrameType.DATA:
      case FrameType.HEADERS:
        return `${name}:${f.streamId}${(f.flags & Flag.END_STREAM) !== 0 ? ':END' : ''}`;
      default:
        return `${name}:${f.streamId}`;
    }
  });
}
