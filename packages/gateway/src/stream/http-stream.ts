/**
 * @module One request as the app sees it: `receive()` and `send()` of the spec over a {@link StreamPort}.
 *
 * Theory of operation. The response side moves INIT -> STARTED (start accepted, nothing on the wire:
 * HTTP-START-DEFER) -> SENDING (head on the wire) -> TRAILERS (only when trailers were announced: the final body
 * is sent, trailers are due; EXT-TRAILERS-ORDER) -> DONE; any state may go to ABORTED (client gone or response
 * cut off). The request side is a {@link RequestBody}. This file is the only place the body rules are applied, so
 * every protocol and every server answers alike: the extension messages (trailers, pathsend, early hints; rare, so
 * kept in extension-messages.ts) go through it for their state and body, and the 500 the server answers for a failed
 * app is made in error-answer.ts.
 */
import {
  ClientDisconnectedError,
  InvalidMessageError,
  type Extensions,
  type HeaderField,
  type HeaderList,
  type HttpReceiveMessage,
  type SendMessage,
} from '@tsgi/spec';
import { appFailed, appReturned } from '../app/run-app.js';
import { checkStart, fitBody, prepareHead, type PreparedHead } from './response-head.js';
import type { StreamContext, StreamObserver, StreamPort } from './port.js';
import { errorBody, errorHead } from './error-answer.js';
import { grantStreamAccess, sendEarlyHints, sendPath, sendTrailers } from './extension-messages.js';
import { RequestBody } from './request-body.js';
import { DrainWait } from './drain.js';

export type { StreamContext } from './port.js';

/** Where the response is; see the module comment. */
export type ResponseState = 'INIT' | 'STARTED' | 'SENDING' | 'TRAILERS' | 'DONE' | 'ABORTED';

const EMPTY = new Uint8Array(0);
const NO_EXTENSIONS: Extensions = Object.freeze({});
/**
 * What send() returns when its message is fully handled: one resolved promise shared by every call (a settled
 * promise never changes, and awaiting it costs the same), instead of a new one per message.
 */
const SETTLED: Promise<void> = Promise.resolve();
const NO_HEADERS: HeaderList = Object.freeze([]) as HeaderList;

/** The spec side of one request. Created by the protocol layer when a request head has been read. */
export class HttpStream {
  /** Status code of the response once its head is prepared (500 when the server answered for the app); 0 before. */
  status = 0;
  /**
   * Response body bytes accepted for the wire so far, after the body rules (cut to content-length, none for
   * HEAD/204/304).
   */
  bytesSent = 0;
  /** `true` once the response was cut off: client gone, app failed or returned mid-response, or the body fell short. */
  aborted = false;
  #state: ResponseState = 'INIT';
  #head: PreparedHead | null = null;
  /** The accepted start message's status and headers (`null` headers: no start accepted yet). */
  #startStatus = 0;
  #startHeaders: HeaderList | null = null;
  readonly #request: RequestBody;
  #disconnected = false;
  #drain: DrainWait | null = null;
  #trailersAnnounced = false;
  /** Trailer fields sent so far; made when the first trailers message comes (most responses have none). */
  #trailerFields: HeaderField[] | null = null;
  #pathsending = false;

  constructor(
    private readonly port: StreamPort,
    private readonly observer: StreamObserver,
    /** The server's logger and rule warnings. */
    readonly context: StreamContext,
    /** The request method was HEAD (spec: HTTP-RESP-HEAD). */
    private readonly isHeadRequest: boolean,
    /** What the scope advertised (spec: EXT-ADVERTISED); the port must support each. */
    private readonly extensions: Extensions = NO_EXTENSIONS,
  ) {
    this.#request = new RequestBody(port);
  }

  // The app calls `receive` and `send` unbound. A closure per stream is allocated inline by optimised code, where
  // `Function.prototype.bind` is a builtin call making a bound function that every call then goes through.
  /** The spec's `receive()` (spec: HTTP-REQUEST-BODY, FLOW-RECEIVE-WAIT, FLOW-RECEIVE-AFTER-END). */
  readonly receive = (): Promise<HttpReceiveMessage> => this.#request.receive();
  /** The spec's `send()` (spec: HTTP-START-*, HTTP-BODY-END, MSG-INVALID, FLOW-SEND-*). */
  readonly send = (message: SendMessage): Promise<void> => this.#send(message);

  /** The response is complete or was cut off. */
  get finished(): boolean {
    return this.#state === 'DONE' || this.#state === 'ABORTED';
  }
  /** The client has gone, or the connection was closed under the request. */
  get disconnected(): boolean {
    return this.#disconnected;
  }
  /** Response bytes have reached the wire (a 500 can no longer replace them). */
  get headSent(): boolean {
    return this.#state === 'SENDING' || this.#state === 'TRAILERS' || this.#state === 'DONE';
  }

  // ---- the app's side -------------------------------------------------------------------------------------------

  #send(message: SendMessage): Promise<void> {
    if (message === null || typeof message !== 'object') {
      return Promise.reject(new InvalidMessageError('send() takes a message object'));
    }
    // The message is checked before the connection (spec MSG-INVALID): an invalid message is invalid either way.
    try {
      switch (message.type) {
        case 'http.response.start':
          this.#acceptStart(message.status, message.headers, message.trailers);
          return this.#disconnected ? Promise.reject(new ClientDisconnectedError()) : SETTLED;
        case 'http.response.body':
          if (this.#state === 'DONE' || this.#state === 'TRAILERS' || this.#pathsending) {
            throw new InvalidMessageError('send(): http.response.body after the final body');
          }
          if (this.#disconnected) return Promise.reject(new ClientDisconnectedError());
          return this.#sendBody(message.body ?? EMPTY, message.moreBody ?? false);
        case 'http.response.trailers':
          return sendTrailers(this, message);
        case 'http.response.pathsend':
          return sendPath(this, message);
        case 'http.response.earlyHints':
          return sendEarlyHints(this, message);
        default:
          throw new InvalidMessageError(`send(): unknown or unadvertised message type ${JSON.stringify(message.type)}`);
      }
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #acceptStart(status: unknown, headers: unknown, trailers: unknown): void {
    const fresh = this.#state === 'INIT' || (this.#disconnected && this.#startHeaders === null && !this.headSent);
    if (!fresh) {
      throw new InvalidMessageError(
        this.#state === 'DONE' ? 'send(): the response is already complete' : 'http.response.start sent twice',
      );
    }
    checkStart(status, headers);
    if (this.#disconnected) return; // valid, but nobody is listening: send() rejects with ClientDisconnectedError
    this.#startStatus = status as number;
    this.#startHeaders = headers ?? NO_HEADERS;
    // A server that did not advertise trailers ignores the key (spec extensions.md §2).
    this.#trailersAnnounced = trailers === true && this.extensions['http.response.trailers'] !== undefined;
    this.#state = 'STARTED';
  }

  #sendBody(body: Uint8Array, more: boolean, release?: () => void): Promise<void> {
    if (this.#state === 'INIT') throw new InvalidMessageError('http.response.body sent before http.response.start');
    if (this.finished) throw new InvalidMessageError('send(): the response is already complete');
    if (!(body instanceof Uint8Array)) throw new InvalidMessageError('http.response.body: body must be a Uint8Array');
    const head = this.#ensureHead();
    const chunk = fitBody(head, this.bytesSent, body, this.context.warnings);
    this.bytesSent += chunk.byteLength;
    const short = !more && head.bodyAllowed && head.declaredLength >= 0 && this.bytesSent < head.declaredLength;
    const last = !more && !short;
    const end = last && !this.#trailersAnnounced; // with trailers, the trailers end the stream
    let flowing: boolean;
    if (this.#state === 'STARTED') {
      this.#state = 'SENDING';
      // A prepared head is a ResponseHead without trailers (and is shared: see prepareHead), so most responses
      // pass it as it is.
      const fields = this.#trailersAnnounced
        ? { status: head.status, headers: head.headers, close: head.close, trailers: true }
        : head;
      flowing = this.port.start(fields, chunk, end, release);
    } else if (chunk.byteLength > 0 || end) {
      flowing = this.port.write(chunk, end, release);
    } else {
      flowing = true;
      release?.();
    }
    if (short) {
      this.context.warnings.warn(
        'HTTP-RESP-LENGTH-UNDER',
        `body ended after ${this.bytesSent} of ${head.declaredLength} declared bytes; connection ended`,
      );
      this.cutOff(`response body shorter than content-length`);
      return SETTLED;
    }
    if (end) {
      // The response is complete: the connection moves on (a pipelined request, the next stream), so there is no
      // drain to wait for here; what is queued is one chunk at most, and the next response waits for the socket.
      this.#finish();
      return SETTLED;
    }
    if (last) this.#state = 'TRAILERS';
    return flowing ? SETTLED : (this.#drain = new DrainWait()).promise;
  }

  /** The head as the wire will carry it, made from the start message once (may throw MSG-INVALID). */
  #ensureHead(): PreparedHead {
    let head = this.#head;
    if (head === null) {
      head = prepareHead(this.#startStatus, this.#startHeaders!, this.isHeadRequest);
      this.#head = head;
      this.status = head.status;
      for (const rule of head.broken) this.context.warnings.warn(rule, `status ${head.status}: header removed`);
    }
    return head;
  }

  #finish(): void {
    this.#state = 'DONE';
    this.#request.end();
    this.observer.onResponseDone(this);
  }

  /** Ends the response abnormally (the port closes the connection or resets the stream); no-op once finished. */
  cutOff(reason: string): void {
    if (this.finished) return;
    this.#state = 'ABORTED';
    this.aborted = true;
    this.port.abort(reason);
    this.#request.end();
    this.observer.onResponseDone(this);
  }

  // ---- the protocol's side --------------------------------------------------------------------------------------

  /** A request-body chunk from the protocol; `more` false marks the last one (possibly empty). */
  onBody(chunk: Uint8Array, more: boolean): void {
    this.#request.push(chunk, more);
  }

  /** Whether the app has a `receive()` waiting for body bytes (the body timeout runs only then). */
  get awaitingBody(): boolean {
    return this.#request.awaiting;
  }

  /** The write buffer has room again. */
  onDrain(): void {
    const drain = this.#drain;
    this.#drain = null;
    drain?.open();
  }

  /** The client has gone, or the connection was closed under the request (spec: FLOW-SEND-AFTER-DISCONNECT). */
  onDisconnect(): void {
    if (this.#disconnected) return;
    this.#disconnected = true;
    const drain = this.#drain;
    this.#drain = null;
    drain?.fail(new ClientDisconnectedError());
    this.#request.end();
    if (!this.finished) {
      this.#state = 'ABORTED';
      this.aborted = true;
      this.observer.onResponseDone(this);
    }
  }

  // ---- the app call's outcome (spec: APP-ERROR-*, APP-RETURN-INCOMPLETE) ---------------------------------------

  /** The app's promise rejected with `error` (mapped in run-app.ts). */
  appFailed(error: unknown): void {
    appFailed(this, error);
  }

  /** The app's promise resolved (mapped in run-app.ts). */
  appReturned(): void {
    appReturned(this);
  }

  /** Answers `500 Internal Server Error` for the app; only before any response byte was sent (APP-ERROR-BEFORE-START). */
  answerError(): void {
    this.#state = 'SENDING';
    this.status = 500;
    const head = errorHead(this.isHeadRequest);
    const body = errorBody(this.isHeadRequest);
    this.bytesSent = body.byteLength;
    this.port.start(head, body, true);
    this.#finish();
  }

  // The extension messages (extension-messages.ts) are rare: they live apart from the start/body path and reach the
  // private state through these accessors, granted once here, while the hot path keeps plain private fields.
  static {
    grantStreamAccess({
      state: (stream) => stream.#state,
      port: (stream) => stream.port,
      extensions: (stream) => stream.extensions,
      trailersAnnounced: (stream) => stream.#trailersAnnounced,
      trailerFields: (stream) => (stream.#trailerFields ??= []),
      bodyAllowed: (stream) => stream.#ensureHead().bodyAllowed,
      pathsending: (stream) => stream.#pathsending,
      setPathsending: (stream, on) => void (stream.#pathsending = on),
      sendBody: (stream, body, more, release) => stream.#sendBody(body, more, release),
      finish: (stream) => stream.#finish(),
    });
  }
}
