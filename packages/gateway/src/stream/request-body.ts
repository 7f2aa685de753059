/**
 * @module The request side of one stream: body chunks the protocol pushes, handed to `receive()` in order
 * (spec: HTTP-REQUEST-BODY), more asked of the protocol only when the app waits with nothing queued
 * (FLOW-RECEIVE-PULL), and `http.disconnect` once the request is over (FLOW-RECEIVE-WAIT, FLOW-RECEIVE-AFTER-END).
 */
import { InvalidMessageError, type HttpDisconnectMessage, type HttpReceiveMessage, type HttpRequestMessage } from '@tsgi/spec';

const DISCONNECT: HttpDisconnectMessage = Object.freeze({ type: 'http.disconnect' });

/** What the request side asks of the protocol (a `StreamPort` is one). */
export interface BodySource {
  /** Deliver more body through {@link RequestBody.push}, now or later. */
  pullBody(): void;
}

const NO_QUEUE: HttpRequestMessage[] = [];

/** The queue between the protocol and `receive()`. */
export class RequestBody {
  /** Messages not yet received; a shared empty array until a second one waits (most requests have one). */
  #queue: HttpRequestMessage[] = NO_QUEUE;
  #first: HttpRequestMessage | null = null;
  #complete = false; // the last body chunk was queued or delivered
  #over = false; // response complete or client gone: only http.disconnect from now on
  #waiter: ((message: HttpReceiveMessage) => void) | null = null;

  readonly #source: BodySource;

  /** `source` (or a `pull` function) is asked for more body; it answers through {@link push}. */
  constructor(source: BodySource | (() => void)) {
    this.#source = typeof source === 'function' ? { pullBody: source } : source; // the port itself: no closure per request
  }

  /** The spec's `receive()`. */
  receive(): Promise<HttpReceiveMessage> {
    if (this.#over) return Promise.resolve(DISCONNECT);
    const first = this.#first;
    if (first !== null) {
      this.#first = this.#queue.length > 0 ? this.#queue.shift()! : null;
      return Promise.resolve(first);
    }
    if (this.#waiter !== null) {
      return Promise.reject(new InvalidMessageError('receive() called again before the previous call resolved'));
    }
    const waiting = new Promise<HttpReceiveMessage>((resolve) => (this.#waiter = resolve));
    if (!this.#complete) this.#source.pullBody();
    return waiting;
  }

  /** A chunk from the protocol; `more` false marks the last one (possibly empty). */
  push(chunk: Uint8Array, more: boolean): void {
    if (this.#complete) return;
    if (!more) this.#complete = true;
    const message: HttpRequestMessage = { type: 'http.request', body: chunk, moreBody: more };
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      waiter(message);
    } else if (this.#first === null) {
      this.#first = message;
    } else {
      if (this.#queue === NO_QUEUE) this.#queue = [];
      this.#queue.push(message);
    }
  }

  /** Whether the app waits in `receive()` for body bytes (the body timeout runs only then). */
  get awaiting(): boolean {
    return this.#waiter !== null && !this.#complete;
  }

  /** The response is complete or the client is gone: from now on `receive()` yields `http.disconnect`. */
  end(): void {
    this.#over = true;
    this.#first = null;
    if (this.#queue !== NO_QUEUE) this.#queue.length = 0;
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      waiter(DISCONNECT);
    }
  }
}
