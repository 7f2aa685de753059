/**
 * @module body-reader
 * Body readers (RFC 9112 §6, §7): fixed length, chunked (with extensions and trailers) and close-delimited.
 * Each `read()` returns the next event, or null when it needs more bytes. Body data events are views into the
 * received bytes, never copies.
 */
import { CR, HEX, HTAB, LF, SEMI, SP, TOKEN, FIELD_VCHAR } from './grammar.js';
import { badRequest, H1RemoteProtocolError } from './errors.js';
import { FieldSectionReader } from './head-reader.js';
import type { H1Data, H1EndOfMessage } from './events.js';
import type { H1Limits } from './limits.js';
import type { ReceiveBuffer } from './receive-buffer.js';

/** A body reader: next event, or null for "need more bytes". */
export interface BodyReader {
  /** Reads the next piece of the body. Throws H1RemoteProtocolError on bad framing or EOF mid-body. */
  read(rb: ReceiveBuffer): H1Data | H1EndOfMessage | null;
}

/** Hex digits allowed in a chunk-size (16 = 64 bits; the value must also fit 2^53 - 1). */
export const MAX_CHUNK_SIZE_DIGITS = 16;

const NO_TRAILERS: [string, string][] = [];
/** The end of a message without trailers, shared (frozen, with a frozen empty list): most messages end so. */
const END_WITHOUT_TRAILERS: H1EndOfMessage = Object.freeze({
  type: 'end-of-message',
  trailers: Object.freeze([]) as unknown as [string, string][],
});

function endOfMessage(trailers: [string, string][]): H1EndOfMessage {
  return trailers.length === 0 ? END_WITHOUT_TRAILERS : { type: 'end-of-message', trailers };
}

function incomplete(): H1RemoteProtocolError {
  return badRequest('H1_INCOMPLETE', 'EOF in the middle of a message body');
}

/** Body of exactly `length` bytes (RFC 9112 §6.2). */
export class LengthReader implements BodyReader {
  /** @param remaining the content-length */
  constructor(private remaining: number) {}

  /** @inheritdoc */
  read(rb: ReceiveBuffer): H1Data | H1EndOfMessage | null {
    if (this.remaining === 0) return endOfMessage(NO_TRAILERS);
    const data = rb.take(this.remaining);
    if (data === null) {
      if (rb.eof) throw incomplete();
      return null;
    }
    this.remaining -= data.length;
    return { type: 'data', data };
  }
}

/** Body delimited by EOF (responses only, RFC 9112 §6.3 rule 8). */
export class CloseDelimitedReader implements BodyReader {
  /** @inheritdoc */
  read(rb: ReceiveBuffer): H1Data | H1EndOfMessage | null {
    const data = rb.take(Infinity);
    if (data !== null) return { type: 'data', data };
    return rb.eof ? endOfMessage(NO_TRAILERS) : null;
  }
}

type ChunkState = 'SIZE' | 'DATA' | 'DATA_CR' | 'DATA_LF' | 'TRAILERS';

/** Chunked body (RFC 9112 §7.1): chunk-size [chunk-ext] CRLF chunk-data CRLF ... last-chunk trailer-section CRLF. */
export class ChunkedReader implements BodyReader {
  private state: ChunkState = 'SIZE';
  private chunkLeft = 0;
  private total = 0;
  private scanned = 0;
  private readonly trailers: FieldSectionReader;

  /** @param limits maxBodyBytes (413), maxChunkExtensionBytes (400), maxTrailerBytes (431), maxHeaderCount. */
  constructor(private readonly limits: H1Limits) {
    this.trailers = new FieldSectionReader(limits.maxTrailerBytes, limits.maxHeaderCount, 'H1_TRAILER_TOO_LARGE');
  }

  /** @inheritdoc */
  read(rb: ReceiveBuffer): H1Data | H1EndOfMessage | null {
    for (;;) {
      switch (this.state) {
        case 'SIZE':
          if (!this.readSizeLine(rb)) return this.needMore(rb);
          break;
        case 'DATA': {
          const data = rb.take(this.chunkLeft);
          if (data === null) return this.needMore(rb);
          this.chunkLeft -= data.length;
          if (this.chunkLeft === 0) this.state = 'DATA_CR';
          return { type: 'data', data };
        }
        case 'DATA_CR':
        case 'DATA_LF': {
          if (rb.pos === rb.end) return this.needMore(rb);
          const want = this.state === 'DATA_CR' ? CR : LF;
          if (rb.buf[rb.pos] !== want) throw badRequest('H1_BAD_CHUNK_END', 'chunk data not followed by CRLF');
          rb.pos++;
          this.state = this.state === 'DATA_CR' ? 'DATA_LF' : 'SIZE';
          break;
        }
        case 'TRAILERS':
          if (!this.trailers.read(rb)) return this.needMore(rb);
          return endOfMessage(this.trailers.fields);
      }
    }
  }

  private needMore(rb: ReceiveBuffer): null {
    if (rb.eof) throw incomplete();
    return null;
  }

  /** Reads one chunk-size line; false if incomplete. Checks are ordered so any split gives the same error. */
  private readSizeLine(rb: ReceiveBuffer): boolean {
    const buf = rb.buf;
    const s = rb.pos;
    const lf = rb.indexOfLF(s + this.scanned);
    const stop = lf < 0 ? rb.end : lf;
    let d = 0;
    while (s + d < stop && HEX[buf[s + d]!] !== 255) d++;
    if (lf < 0) {
      this.scanned = stop - s;
      if (d < stop - s || d > MAX_CHUNK_SIZE_DIGITS) this.checkSizeLine(d, stop - s - 1 - d);
      return false;
    }
    this.scanned = 0;
    this.checkSizeLine(d, lf - 1 - s - d);
    if (buf[lf - 1] !== CR || lf - 1 < s + d) throw badRequest('H1_BARE_LF', 'bare LF ends a chunk-size line');
    const e = lf - 1;
    const after = buf[s + d]!;
    if (s + d < e && after !== SEMI && after !== SP && after !== HTAB) {
      if (after === CR) throw badRequest('H1_BARE_CR', 'bare CR in a chunk-size line');
      throw badRequest('H1_BAD_CHUNK_SIZE', 'chunk-size is not 1*HEXDIG (RFC 9112 §7.1)');
    }
    checkExtensions(buf, s + d, e);
    let size = 0;
    for (let i = s; i < s + d; i++) size = size * 16 + HEX[buf[i]!]!;
    if (size > Number.MAX_SAFE_INTEGER) throw badRequest('H1_BAD_CHUNK_SIZE', 'chunk-size overflows');
    this.total += size;
    if (this.total > this.limits.maxBodyBytes) {
      throw new H1RemoteProtocolError('H1_BODY_TOO_LARGE', 413, `body larger than ${this.limits.maxBodyBytes} bytes`);
    }
    rb.pos = lf + 1;
    this.chunkLeft = size;
    this.state = size === 0 ? 'TRAILERS' : 'DATA';
    return true;
  }

  /** `digits` hex digits were seen, then an extension part of at least `extBytes` bytes. */
  private checkSizeLine(digits: number, extBytes: number): void {
    if (digits === 0) throw badRequest('H1_BAD_CHUNK_SIZE', 'chunk-size is empty or not hex (RFC 9112 §7.1)');
    if (digits > MAX_CHUNK_SIZE_DIGITS) throw badRequest('H1_BAD_CHUNK_SIZE', 'chunk-size has too many digits');
    if (extBytes > this.limits.maxChunkExtensionBytes) {
      throw badRequest('H1_CHUNK_EXTENSION_TOO_LARGE', `chunk extensions over ${this.limits.maxChunkExtensionBytes} bytes`);
    }
  }
}

/**
 * Validates `buf[i, end)` as chunk-ext (RFC 9112 §7.1.1):
 *   *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS ( token / quoted-string ) ] )
 */
function checkExtensions(buf: Buffer, i: number, end: number): void {
  const fail = (): never => {
    for (let j = i; j < end; j++) if (buf[j] === CR) throw badRequest('H1_BARE_CR', 'bare CR in chunk extensions');
    throw badRequest('H1_BAD_CHUNK_EXTENSION', 'malformed chunk extension (RFC 9112 §7.1.1)');
  };
  const ws = (): void => {
    while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
  };
  const token = (): void => {
    const t = i;
    while (i < end && TOKEN[buf[i]!] !== 0) i++;
    if (i === t) fail();
  };
  while (i < end) {
    ws();
    if (i === end || buf[i] !== SEMI) fail();
    i++;
    ws();
    token();
    ws();
    if (i < end && buf[i] === 0x3d) {
      i++;
      ws();
      if (i < end && buf[i] === 0x22) {
        i++;
        for (;;) {
          if (i >= end) fail();
          const c = buf[i]!;
          if (c === 0x22) break;
          if (c === 0x5c) i++;
          if (i >= end || FIELD_VCHAR[buf[i]!] === 0) fail();
          i++;
        }
        i++;
      } else {
        token();
      }
    }
  }
}
