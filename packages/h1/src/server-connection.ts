/**
 * @module server-connection
 * The server role: reads requests, writes responses. Sans-IO: bytes in through receiveData(), events out of
 * nextEvent(), response bytes returned by the write* methods for the caller to send.
 */
import { ConnectionCore } from './connection-core.js';
import { LengthReader, ChunkedReader } from './body-reader.js';
import { requestFraming } from './framing.js';
import { createRequestHeadReader, type RequestLine } from './request-reader.js';
import { H1LocalProtocolError } from './errors.js';
import { NEED_DATA, type PAUSED } from './state.js';
import { BodyWriter, encodeErrorResponse, encodeInformational, planResponse, type RequestContext } from './writer.js';
import type { HeadReader } from './head-reader.js';
import type { H1Limits } from './limits.js';
import type { H1RequestHead, H1ServerEvent } from './events.js';

const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
const EMPTY = new Uint8Array(0);
/** The body of a request without content: a reader of 0 bytes never changes, so every such request shares one. */
const NO_BODY = new LengthReader(0);

/** Options of {@link H1ServerConnection.writeHead}. */
export interface H1WriteHeadOptions {
  /** Close the connection after this response. */
  close?: boolean;
  /** Reason phrase; defaults to the standard one. */
  reason?: string;
}

/**
 * Server side of one HTTP/1.1 connection. Typical loop: receiveData(chunk); then nextEvent() until NEED_DATA
 * (read more) or PAUSED (finish the response, then startNextCycle()).
 */
export class H1ServerConnection extends ConnectionCore<H1RequestHead> {
  private readonly head: HeadReader<RequestLine>;
  private request: RequestContext | null = null;
  private expectContinue = false;

  /** @param limits overrides of {@link DEFAULT_H1_LIMITS}. */
  constructor(limits?: Partial<H1Limits>) {
    super(limits);
    this.head = createRequestHeadReader(this.limits);
  }

  /** Method of the request of the current cycle, null before its head was read. */
  get requestMethod(): string | null {
    return this.request?.method ?? null;
  }

  /** @inheritdoc */
  override nextEvent(): H1ServerEvent | typeof NEED_DATA | typeof PAUSED {
    return super.nextEvent();
  }

  /** @inheritdoc */
  protected readHead(): H1RequestHead | typeof NEED_DATA {
    const line = this.head.read(this.rb);
    if (line === null) return NEED_DATA;
    const { method, target, httpVersion } = line;
    const headers = this.head.fields;
    const f = requestFraming(httpVersion, headers, this.limits);
    this.head.reset();
    this.expectContinue = f.expectContinue;
    this.beginBody(
      f.bodyKind === 'chunked'
        ? new ChunkedReader(this.limits)
        : f.contentLength > 0
          ? new LengthReader(f.contentLength)
          : NO_BODY,
      f.keepAlive,
    );
    const event: H1RequestHead = {
      type: 'request',
      method,
      target,
      httpVersion,
      headers,
      expectContinue: f.expectContinue,
      keepAlive: f.keepAlive,
      bodyKind: f.bodyKind,
      contentLength: f.contentLength,
    };
    this.request = event; // read-only, and it holds what the response plan needs of the request
    return event;
  }

  /** @inheritdoc */
  protected headStarted(): boolean {
    return this.head.started;
  }

  /** @inheritdoc */
  protected resetCycle(): void {
    this.request = null;
    this.expectContinue = false;
  }

  /** `HTTP/1.1 100 Continue`: only after a head with expectContinue, before the response head, once. */
  writeContinue(): Uint8Array {
    this.requireOur('IDLE', 'writeContinue');
    if (!this.expectContinue) throw new H1LocalProtocolError('H1_BAD_STATE', 'writeContinue without expect: 100-continue');
    this.expectContinue = false;
    return Buffer.from(CONTINUE);
  }

  /**
   * Serializes the response head; the core picks the framing:
   * - no body for 204/304 or a HEAD request (content-length kept for 304/HEAD, removed for 204);
   * - content-length from the headers if present (one valid value, else H1LocalProtocolError);
   * - else chunked for a 1.1 request (adds `transfer-encoding: chunked`);
   * - else close-delimited (keepAlive becomes false).
   * Caller-given transfer-encoding/connection/keep-alive/proxy-connection/upgrade are removed; the core writes
   * `connection: close` when it will close, `connection: keep-alive` for a 1.0 keep-alive peer.
   * A 1xx status (not 101) writes an interim response and leaves the state alone (nothing for a 1.0 peer).
   */
  writeHead(
    status: number,
    headers: ReadonlyArray<readonly [string, string]>,
    options?: H1WriteHeadOptions,
  ): Uint8Array {
    this.requireOur('IDLE', 'writeHead');
    const req = this.request;
    if (req === null) throw new H1LocalProtocolError('H1_BAD_STATE', 'writeHead before a request head was read');
    if (status >= 100 && status < 200 && status !== 101) {
      const head = encodeInformational(status, headers, options?.reason);
      return req.httpVersion === '1.0' ? EMPTY : head;
    }
    return Buffer.from(this.#finalHead(req, status, headers, options), 'latin1');
  }

  /**
   * {@link writeHead} for a final response (status 200 to 999), returning the head as a latin1 string (one char per
   * octet) for a caller that copies head and body into one buffer of its own: that saves a buffer and a copy per
   * response. Throws H1LocalProtocolError for an interim status (use `writeHead`) and as `writeHead` does.
   */
  writeHeadLatin1(status: number, headers: ReadonlyArray<readonly [string, string]>, options?: H1WriteHeadOptions): string {
    this.requireOur('IDLE', 'writeHeadLatin1');
    const req = this.request;
    if (req === null) throw new H1LocalProtocolError('H1_BAD_STATE', 'writeHead before a request head was read');
    if (status < 200) throw new H1LocalProtocolError('H1_INVALID_STATUS', `writeHeadLatin1 takes a final status, got ${status}`);
    return this.#finalHead(req, status, headers, options);
  }

  #finalHead(
    req: RequestContext,
    status: number,
    headers: ReadonlyArray<readonly [string, string]>,
    options: H1WriteHeadOptions | undefined,
  ): string {
    const plan = planResponse(status, headers, req, options?.close === true, options?.reason);
    this.expectContinue = false;
    this.beginSend(new BodyWriter(plan.kind, plan.length), plan.keepAlive);
    return plan.head;
  }

  /** @inheritdoc */
  override writeBody(data: Uint8Array): Uint8Array[] {
    return super.writeBody(data);
  }

  /** @inheritdoc */
  override writeEnd(trailers?: ReadonlyArray<readonly [string, string]>): Uint8Array {
    return super.writeEnd(trailers);
  }

  /**
   * A complete error response for a protocol error, before any response head: status line, `content-type:
   * text/plain`, content-length, `connection: close`, the reason phrase as body. The connection must then close.
   */
  writeErrorResponse(status: number): Uint8Array {
    this.requireOur('IDLE', 'writeErrorResponse');
    const bytes = encodeErrorResponse(status);
    this.finishWithoutBody();
    return bytes;
  }
}
