/**
 * @module client-connection
 * The client role: writes requests, reads responses (RFC 9112 §6.3 framing, HEAD/1xx/204/304 without body,
 * close-delimited bodies). Used by tests and by the conformance suite's raw client.
 */
import { ConnectionCore } from './connection-core.js';
import { ChunkedReader, CloseDelimitedReader, LengthReader, type BodyReader } from './body-reader.js';
import { responseFraming } from './framing.js';
import { createResponseHeadReader, type StatusLine } from './response-reader.js';
import { isTokenString, listHasToken, splitList } from './grammar.js';
import { H1LocalProtocolError } from './errors.js';
import { parseContentLength } from './framing.js';
import { NEED_DATA, type PAUSED } from './state.js';
import { BodyWriter, encodeHead, type OutgoingKind } from './writer.js';
import type { HeadReader } from './head-reader.js';
import type { H1Limits } from './limits.js';
import type { H1ClientEvent, H1Informational, H1ResponseHead } from './events.js';

/** Client side of one HTTP/1.1 connection: one request at a time, startNextCycle() between them. */
export class H1ClientConnection extends ConnectionCore<H1ResponseHead | H1Informational> {
  private readonly head: HeadReader<StatusLine>;
  private method: string | null = null;

  /** @param limits overrides of {@link DEFAULT_H1_LIMITS} (the status line uses maxRequestLineBytes). */
  constructor(limits?: Partial<H1Limits>) {
    super(limits);
    this.head = createResponseHeadReader(this.limits);
  }

  /** Method of the request of the current cycle, null before writeRequest(). */
  get requestMethod(): string | null {
    return this.method;
  }

  /** @inheritdoc */
  override nextEvent(): H1ClientEvent | typeof NEED_DATA | typeof PAUSED {
    return super.nextEvent();
  }

  /**
   * Serializes a request head (`HTTP/1.1`), headers written as given (add `host` yourself). Body framing comes
   * from the headers: `transfer-encoding` ending in chunked -> chunked, else `content-length` -> length, else none.
   */
  writeRequest(method: string, target: string, headers: ReadonlyArray<readonly [string, string]>): Uint8Array {
    this.requireOur('IDLE', 'writeRequest');
    if (!isTokenString(method)) throw new H1LocalProtocolError('H1_INVALID_REQUEST', 'method is not a token');
    for (let i = 0; i < target.length; i++) {
      const c = target.charCodeAt(i);
      if (c <= 0x20 || c >= 0x7f) throw new H1LocalProtocolError('H1_INVALID_REQUEST', 'target is not visible ASCII');
    }
    if (target.length === 0) throw new H1LocalProtocolError('H1_INVALID_REQUEST', 'empty target');
    let kind: OutgoingKind = 'none';
    let length = -1;
    let keepAlive = true;
    for (const [name, value] of headers) {
      const n = name.toLowerCase();
      if (n === 'transfer-encoding') {
        const codings = splitList(value);
        kind = codings[codings.length - 1] === 'chunked' ? 'chunked' : 'close';
      } else if (n === 'content-length' && kind === 'none') {
        length = parseContentLength(value);
        if (length < 0) throw new H1LocalProtocolError('H1_BAD_CONTENT_LENGTH', 'invalid content-length');
        kind = 'length';
      } else if (n === 'connection' && listHasToken(value, 'close')) {
        keepAlive = false;
      }
    }
    const bytes = encodeHead(`${method} ${target} HTTP/1.1`, headers);
    this.method = method;
    this.beginSend(new RequestBodyWriter(kind, length), keepAlive);
    return bytes;
  }

  /** @inheritdoc */
  protected readHead(): H1ResponseHead | H1Informational | typeof NEED_DATA {
    const line = this.head.read(this.rb);
    if (line === null) return NEED_DATA;
    const { httpVersion, status, reason } = line;
    const headers = this.head.fields;
    this.head.reset();
    if (status < 200 && status !== 101) return { type: 'informational', status, reason, headers };
    const f = responseFraming(httpVersion, status, headers, this.method);
    let reader: BodyReader;
    if (f.bodyKind === 'chunked') reader = new ChunkedReader(this.limits);
    else if (f.bodyKind === 'close') reader = new CloseDelimitedReader();
    else reader = new LengthReader(Math.max(f.contentLength, 0));
    const keepAlive = f.keepAlive && status !== 101;
    this.beginBody(reader, keepAlive);
    return {
      type: 'response',
      status,
      reason,
      httpVersion,
      headers,
      keepAlive,
      bodyKind: f.bodyKind,
      contentLength: f.contentLength,
    };
  }

  /** @inheritdoc */
  protected headStarted(): boolean {
    return this.head.started;
  }

  /** @inheritdoc */
  protected resetCycle(): void {
    this.method = null;
  }
}

/** A BodyWriter that refuses body bytes for a request without framing headers. */
class RequestBodyWriter extends BodyWriter {
  override write(data: Uint8Array): Uint8Array[] {
    if (this.kind === 'none' && data.length > 0) {
      throw new H1LocalProtocolError('H1_BODY_NOT_ALLOWED', 'request has neither content-length nor transfer-encoding');
    }
    return super.write(data);
  }
}
