/**
 * @module Picks the protocol for a new connection: ALPN on TLS (RFC 7301), and on cleartext the HTTP/2 connection
 * preface sent with prior knowledge (RFC 9113 §3.3). The `h2c` Upgrade of HTTP/1.1 is not supported: RFC 9113
 * §3.1 deprecates it and proxies that pass it on enable request smuggling ("h2c smuggling").
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ServerRuntime } from '../runtime.js';
import { H1Session } from './h1-session.js';
import { connectionInfo, type Session } from './session.js';

/** RFC 9113 §3.4: the client connection preface. */
const PREFACE = new TextEncoder().encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** Whether `bytes` start the HTTP/2 preface: `'h2'` (all of it), `'h1'` (cannot be), or `'more'` (too few bytes yet). */
export function matchPreface(bytes: Uint8Array): 'h2' | 'h1' | 'more' {
  const n = Math.min(bytes.byteLength, PREFACE.byteLength);
  for (let i = 0; i < n; i++) if (bytes[i] !== PREFACE[i]) return 'h1';
  return n === PREFACE.byteLength ? 'h2' : 'more';
}

type OnClosed = (session: Session) => void;

/** Starts the session for a TLS connection whose handshake (and ALPN) is done. */
export function startTlsSession(socket: TLSSocket, runtime: ServerRuntime, onClosed: OnClosed): Session {
  const info = connectionInfo(socket, 'https');
  return new H1Session(socket, runtime, info, onClosed);
}

/** Starts the session for a cleartext connection. */
export function startCleartextSession(socket: Socket, runtime: ServerRuntime, onClosed: OnClosed): Session {
  return new H1Session(socket, runtime, connectionInfo(socket, 'http'), onClosed);
}
