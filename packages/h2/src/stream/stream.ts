/**
 * @module stream/stream
 * One stream's state, windows and request-body accounting. Knows one stream, not the
 * connection: it never queues frames itself.
 */
import { InboundWindow } from '../flow.js';
import type { StreamInput, StreamState, StreamTransition } from './state.js';
import { transition } from './state.js';

/** Per-stream state kept by the connection while the stream is open or half-closed. */
export class H2Stream {
  readonly id: number;
  state: StreamState = 'IDLE';
  /** Octets we may still send: the peer's window for this stream; may go negative after a SETTINGS change (§6.9.2). */
  sendWindow: number;
  /** Our receive window for this stream. */
  readonly recv: InboundWindow;
  /** The request's content-length, or -1 when it has none (§8.1.1). */
  contentLength = -1;
  /** Request content octets received so far (DATA payloads without padding). */
  received = 0;
  /** Whether a final (non-1xx) response HEADERS has been sent. */
  responseStarted = false;

  /** @param id stream identifier; @param sendWindow peer's initial window; @param recvWindow our initial window. */
  constructor(id: number, sendWindow: number, recvWindow: number) {
    this.id = id;
    this.sendWindow = sendWindow;
    this.recv = new InboundWindow(recvWindow);
  }

  /** Looks up `(state, input)`; when the cell is a state, moves to it. Returns the cell. */
  apply(input: StreamInput): StreamTransition {
    const next = transition(this.state, input);
    if (typeof next === 'string') this.state = next;
    return next;
  }
}
