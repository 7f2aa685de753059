/**
 * @module connection-core
 * What the server and client roles share: the receive buffer, the two side states (see state.ts), keep-alive,
 * body reading and writing, EOF handling, the sticky error and the cycle reset. A role adds how a head is read and
 * how its own head is written.
 */
import { H1LocalProtocolError, H1RemoteProtocolError, badRequest } from './errors.js';
import { resolveLimits, type H1Limits } from './limits.js';
import { ReceiveBuffer } from './receive-buffer.js';
import { NEED_DATA, PAUSED, settle, transition, type H1State } from './state.js';
import type { BodyReader } from './body-reader.js';
import type { BodyWriter } from './writer.js';
import type { H1ConnectionClosed, H1Data, H1EndOfMessage } from './events.js';

const CLOSED_EVENT: H1ConnectionClosed = Object.freeze({ type: 'connection-closed' });

/** Base of {@link H1ServerConnection} and {@link H1ClientConnection}; `E` is the role's head event type. */
export abstract class ConnectionCore<E> {
  /** The effective limits. */
  protected readonly limits: H1Limits;
  /** Received, unconsumed bytes. */
  protected readonly rb = new ReceiveBuffer();
  /** State of the message we receive. */
  protected their: H1State = 'IDLE';
  /** State of the message we send. */
  protected our: H1State = 'IDLE';
  /** Reader of the body being received, while their state is SEND_BODY. */
  protected reader: BodyReader | null = null;
  /** Writer of the body being sent, while our state is SEND_BODY. */
  protected writer: BodyWriter | null = null;
  private alive = true;
  private failure: H1RemoteProtocolError | null = null;

  /** @param limits overrides of {@link DEFAULT_H1_LIMITS}. */
  constructor(limits?: Partial<H1Limits>) {
    this.limits = resolveLimits(limits);
  }

  /** Feeds bytes from the peer; an empty Uint8Array means EOF. Cheap: parsing happens in nextEvent(). */
  receiveData(bytes: Uint8Array): void {
    this.rb.append(bytes);
  }

  /** Bytes received but not yet consumed by nextEvent(). */
  get bufferedBytes(): number {
    return this.rb.length;
  }

  /** False once either side asked to close, for 1.0 without keep-alive, close-delimited bodies and errors. */
  get keepAlive(): boolean {
    return this.alive;
  }

  /** State of the message being received. */
  get theirState(): H1State {
    return this.their;
  }

  /** State of the message being sent. */
  get ourState(): H1State {
    return this.our;
  }

  /**
   * Next event, NEED_DATA or PAUSED. Throws H1RemoteProtocolError on bad input; the connection is then in state
   * ERROR and every later call throws the same error. EOF mid-message throws code 'H1_INCOMPLETE'.
   */
  nextEvent(): E | H1Data | H1EndOfMessage | H1ConnectionClosed | typeof NEED_DATA | typeof PAUSED {
    if (this.failure !== null) throw this.failure;
    try {
      return this.step();
    } catch (err) {
      if (err instanceof H1RemoteProtocolError) {
        this.failure = err;
        this.their = 'ERROR';
        this.disableKeepAlive();
      }
      throw err;
    }
  }

  private step(): E | H1Data | H1EndOfMessage | H1ConnectionClosed | typeof NEED_DATA | typeof PAUSED {
    for (;;) {
      switch (this.their) {
        case 'IDLE': {
          const head = this.readHead();
          if (head !== NEED_DATA) {
            if (head === null) continue; // an interim head was consumed inside readHead; read on
            return head;
          }
          if (!this.rb.eof) return NEED_DATA;
          if (this.headStarted() || this.rb.length > 0) throw badRequest('H1_INCOMPLETE', 'EOF in a message head');
          return this.closed();
        }
        case 'SEND_BODY': {
          const ev = this.reader!.read(this.rb);
          if (ev === null) return NEED_DATA;
          if (ev.type === 'end-of-message') {
            this.reader = null;
            this.their = settle(transition(this.their, 'END_OF_MESSAGE'), this.alive);
          }
          return ev;
        }
        case 'DONE':
          if (this.rb.length > 0) return PAUSED;
          return this.rb.eof ? this.closed() : NEED_DATA;
        case 'MUST_CLOSE':
          this.rb.discard(); // RFC 9112 §9.6: nothing after a close is processed
          return this.rb.eof ? this.closed() : NEED_DATA;
        default:
          return this.closed();
      }
    }
  }

  private closed(): H1ConnectionClosed {
    this.their = transition(this.their, 'CONNECTION_CLOSED');
    return CLOSED_EVENT;
  }

  /**
   * Reads a head while their state is IDLE: the head event (after moving their state to SEND_BODY with
   * {@link beginBody}), null if an interim message was consumed and reading should go on, or NEED_DATA.
   */
  protected abstract readHead(): E | null | typeof NEED_DATA;

  /** True if part of a head has been consumed (EOF now would be mid-message). */
  protected abstract headStarted(): boolean;

  /** Clears the per-cycle data of the role. */
  protected abstract resetCycle(): void;

  /** Their head was read: their body is now read by `reader`. */
  protected beginBody(reader: BodyReader, keepAlive: boolean): void {
    this.reader = reader;
    this.their = transition(this.their, 'HEAD');
    if (!keepAlive) this.disableKeepAlive();
  }

  /** Our head was written: our body is now written by `writer`. */
  protected beginSend(writer: BodyWriter, keepAlive: boolean): void {
    this.writer = writer;
    this.our = transition(this.our, 'HEAD');
    if (!keepAlive) this.disableKeepAlive();
  }

  /** Turns keep-alive off and moves a DONE side to MUST_CLOSE. */
  protected disableKeepAlive(): void {
    this.alive = false;
    this.our = settle(this.our, false);
    this.their = settle(this.their, false);
  }

  /** Throws H1_BAD_STATE unless our state is `state`. */
  protected requireOur(state: H1State, what: string): void {
    if (this.our !== state) throw new H1LocalProtocolError('H1_BAD_STATE', `${what} in our state ${this.our}`);
  }

  /** Serializes body bytes with the framing chosen by the head (a list, for writev). */
  writeBody(data: Uint8Array): Uint8Array[] {
    this.requireOur('SEND_BODY', 'writeBody');
    return this.writer!.write(data);
  }

  /** Ends our message: last chunk and trailers for chunked; checks the length for content-length framing. */
  writeEnd(trailers?: ReadonlyArray<readonly [string, string]>): Uint8Array {
    this.requireOur('SEND_BODY', 'writeEnd');
    const bytes = this.writer!.end(trailers);
    this.writer = null;
    this.our = settle(transition(this.our, 'END_OF_MESSAGE'), this.alive);
    return bytes;
  }

  /** Our message is complete without a body writer (an error response). */
  protected finishWithoutBody(): void {
    this.our = transition(transition(this.our, 'HEAD'), 'END_OF_MESSAGE');
    this.disableKeepAlive();
  }

  /** Starts the next cycle (pipelining). Throws unless keep-alive holds and both sides are DONE. */
  startNextCycle(): void {
    if (!this.alive || this.our !== 'DONE' || this.their !== 'DONE') {
      throw new H1LocalProtocolError(
        'H1_BAD_STATE',
        `startNextCycle with keepAlive=${this.alive}, our ${this.our}, their ${this.their}`,
      );
    }
    this.our = transition(this.our, 'START_NEXT_CYCLE');
    this.their = transition(this.their, 'START_NEXT_CYCLE');
    this.resetCycle();
    this.rb.release(); // nothing pipelined: the connection waits without an input buffer
  }
}
