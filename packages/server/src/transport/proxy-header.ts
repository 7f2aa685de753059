/**
 * @module Reads the PROXY protocol header that starts every connection of a `proxyProtocol` listener (spec:
 * SERVER-PROXY-PROTOCOL), before any HTTP or TLS byte. A session of its own, so the listener's sweeper bounds it by
 * `headersTimeout` and shutdown closes it like any other.
 */
import type { Socket } from 'node:net';
import { MORE, ProxyHeaderParser, ProxyProtocolError, type ProxyHeader } from '@tsgi/proxy-protocol';
import type { Logger } from '@tsgi/gateway';
import type { Session } from '../protocol/session.js';

/**
 * The client a header names, for `ConnectionInfo.client`: `undefined` keeps the socket's own peer (LOCAL: the proxy
 * itself is talking, e.g. a health check; UNKNOWN / AF_UNSPEC: no address given), `null` for a Unix socket client.
 */
export function proxiedClient(header: ProxyHeader): readonly [string, number] | null | undefined {
  if (header.command === 'LOCAL' || header.source === null) return undefined;
  const [address, port] = header.source;
  return port === null ? null : Object.freeze([address, port] as const);
}

/** Holds a new connection until its PROXY header is complete; then hands on the socket with the bytes after it. */
export class ProxyHeaderReader implements Session {
  readonly deadline: number;
  readonly #parser = new ProxyHeaderParser();
  readonly #onData = this.#read.bind(this);
  readonly #onEnd = (): void => this.#refuse('the connection ended before a complete PROXY protocol header');
  readonly #onClose = (): void => this.owner.onClosed(this);
  /** A reset while the header is read: logged; 'close' follows. Kept for the socket's life (see the listener). */
  readonly #onError = (error: Error): void => this.logger.debug(`connection error: ${error.message}`);

  constructor(
    private readonly socket: Socket,
    headersTimeout: number,
    private readonly logger: Logger,
    private readonly owner: { onClosed(session: Session): void },
    /** Called once with the header; the socket is paused with the following bytes unshifted into it. */
    private readonly onHeader: (header: ProxyHeader) => void,
  ) {
    this.deadline = Date.now() + headersTimeout;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.once('close', this.#onClose);
    // Stays after the hand-over: behind TLS the raw socket is no session's, and an unheard 'error' would throw.
    socket.on('error', this.#onError);
  }

  #read(chunk: Buffer): void {
    let result;
    try {
      result = this.#parser.feed(chunk);
    } catch (error) {
      if (!(error instanceof ProxyProtocolError)) throw error;
      this.#refuse(`${error.message} (${error.code})`);
      return;
    }
    if (result === MORE) return;
    this.#detach();
    this.socket.pause();
    if (result.rest.byteLength > 0) this.socket.unshift(result.rest);
    this.onHeader(result);
  }

  #detach(): void {
    this.socket.off('data', this.#onData);
    this.socket.off('end', this.#onEnd);
    this.socket.off('close', this.#onClose);
  }

  /**
   * The peer is not a proxy speaking this protocol (or a broken one): no HTTP answer would reach a client, so the
   * connection is closed without a word.
   */
  #refuse(why: string): void {
    this.socket.off('data', this.#onData);
    this.socket.off('end', this.#onEnd);
    this.logger.debug(`PROXY protocol: ${why}; closing the connection from ${this.socket.remoteAddress ?? 'a Unix socket'}`);
    this.socket.destroy();
  }

  onDeadline(): void {
    this.#refuse('no complete header within headersTimeout');
  }

  shutdown(): void {
    this.socket.destroy();
  }
}
