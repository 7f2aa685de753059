/**
 * @module Holds a new TLS connection until its first bytes (the start of the ClientHello) have been read, then hands
 * the socket, with those bytes unshifted into it, to the TLS server. Node's TLS layer sizes the buffer it keeps for
 * encrypted input by the first read it is given: a read it makes itself from the socket takes libuv's 64 KiB
 * suggestion, and that buffer lives as long as the connection (measured: ~5 KiB more RSS per idle connection); bytes
 * already read are handed over in a buffer of their own size (1 KiB at least), and later reads fill that one.
 */
import type { Socket } from 'node:net';
import type { Session } from '../protocol/session.js';

/** Waits for the first bytes of a connection; a session of its own, so `headersTimeout` and shutdown bound it. */
export class FirstBytesReader implements Session {
  readonly deadline: number;
  readonly #onData = this.#read.bind(this);
  readonly #onEnd = (): void => void this.socket.destroy();
  readonly #onClose = (): void => this.owner.onClosed(this);

  constructor(
    private readonly socket: Socket,
    headersTimeout: number,
    private readonly owner: { onClosed(session: Session): void },
    /** Called once the first bytes are read; the socket is paused with them unshifted into it. */
    private readonly onBytes: (reader: FirstBytesReader, socket: Socket) => void,
  ) {
    this.deadline = Date.now() + headersTimeout;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.once('close', this.#onClose);
    socket.resume(); // paused when a PROXY header reader came first
  }

  #read(chunk: Buffer): void {
    this.socket.off('data', this.#onData);
    this.socket.off('end', this.#onEnd);
    this.socket.off('close', this.#onClose);
    this.socket.pause();
    this.socket.unshift(chunk);
    this.onBytes(this, this.socket);
  }

  onDeadline(): void {
    this.socket.destroy(); // not one byte within the headers timeout
  }

  shutdown(): void {
    this.socket.destroy();
  }
}
