/**
 * @module Picks the protocol for a new connection: ALPN on TLS (RFC 7301), and on cleartext the HTTP/2 connection
 * preface sent with prior knowledge (RFC 9113 §3.3). The `h2c` Upgrade of HTTP/1.1 is not supported: RFC 9113
 * §3.1 deprecates it, and proxies that pass it on enable request smuggling ("h2c smuggling").
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ServerRuntime } from '../runtime.js';
import { H1Session } from './h1-session.js';
import { H2Session } from './h2-session.js';
import type { ConnectionInfo } from '@tsgi/gateway';
import type { Session } from './session.js';

/** RFC 9113 §3.4: the client connection preface. */
const PREFACE = new TextEncoder().encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** Whether `bytes` start the HTTP/2 preface: `'h2'` (all of it), `'h1'` (cannot be), or `'more'` (too few bytes yet). */
export function matchPreface(bytes: Uint8Array): 'h2' | 'h1' | 'more' {
  const n = Math.min(bytes.byteLength, PREFACE.byteLength);
  for (let i = 0; i < n; i++) if (bytes[i] !== PREFACE[i]) return 'h1';
  return n === PREFACE.byteLength ? 'h2' : 'more';
}

/** Called when a session ends; `replace` swaps a sniffing session for the real one in the listener's set. */
export interface SessionOwner {
  onClosed(session: Session): void;
  replace(old: Session, next: Session): void;
}

/** Starts the session for a TLS connection whose handshake (and ALPN) is done; `info` is what its listener knows. */
export function startTlsSession(socket: TLSSocket, runtime: ServerRuntime, owner: SessionOwner, info: ConnectionInfo): Session {
  const onClosed = owner.onClosed;
  if (socket.alpnProtocol === 'h2') return new H2Session(socket, runtime, info, onClosed);
  return new H1Session(socket, runtime, info, onClosed);
}

/** Starts the session for a cleartext connection: sniffs the first bytes for the HTTP/2 preface. */
export function startCleartextSession(socket: Socket, runtime: ServerRuntime, owner: SessionOwner, info: ConnectionInfo): Session {
  return new PrefaceSniffer(socket, runtime, owner, info);
}

/**
 * Holds a new cleartext connection until its first bytes tell HTTP/2 prior knowledge from HTTP/1.x (24 bytes at
 * most; nearly always the first read), then hands the socket and those bytes to the right session.
 */
class PrefaceSniffer implements Session {
  readonly deadline: number;
  #seen: Uint8Array = new Uint8Array(0);
  readonly #onData = this.#sniff.bind(this);
  readonly #onEnd = (): void => void this.socket.destroy();
  readonly #onClose = (): void => this.owner.onClosed(this);

  constructor(
    private readonly socket: Socket,
    private readonly runtime: ServerRuntime,
    private readonly owner: SessionOwner,
    private readonly info: ConnectionInfo,
  ) {
    this.deadline = Date.now() + runtime.options.headersTimeout;
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.once('close', this.#onClose);
  }

  #sniff(chunk: Uint8Array): void {
    const seen = this.#seen.byteLength === 0 ? chunk : Buffer.concat([this.#seen, chunk]);
    const verdict = matchPreface(seen);
    if (verdict === 'more') {
      this.#seen = seen;
      return;
    }
    this.socket.off('data', this.#onData);
    this.socket.off('end', this.#onEnd);
    this.socket.off('close', this.#onClose);
    const { info } = this;
    const onClosed = this.owner.onClosed;
    const next =
      verdict === 'h2'
        ? new H2Session(this.socket, this.runtime, info, onClosed, seen)
        : new H1Session(this.socket, this.runtime, info, onClosed, seen);
    this.owner.replace(this, next);
  }

  onDeadline(): void {
    this.socket.destroy(); // nothing sent at all within the headers timeout
  }

  shutdown(): void {
    this.socket.destroy();
  }
}
