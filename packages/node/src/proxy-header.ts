/**
 * @module Reads the PROXY protocol header that starts every connection of a `proxyProtocol` listener (spec:
 * SERVER-PROXY-PROTOCOL), before any HTTP or TLS byte, within `headersTimeout`.
 */
import type { Socket } from 'node:net';
import type { Logger } from '@tsgi/gateway';
import { MORE, ProxyHeaderParser, ProxyProtocolError, type ProxyHeader } from '@tsgi/proxy-protocol';

/**
 * The client a header names, for `ConnectionInfo.client`: `undefined` keeps the socket's own peer (LOCAL: the proxy
 * itself is talking, e.g. a health check; UNKNOWN / AF_UNSPEC: no address given), `null` for a Unix socket client.
 */
export function proxiedClient(header: ProxyHeader): readonly [string, number] | null | undefined {
  if (header.command === 'LOCAL' || header.source === null) return undefined;
  const [address, port] = header.source;
  return port === null ? null : Object.freeze([address, port] as const);
}

/**
 * Reads the header from `socket`, then calls `onHeader` with the socket paused and the bytes after the header
 * unshifted into it. A malformed or missing header, an end before it is complete, or no complete header within
 * `timeoutMs` closes the connection without a word: the peer is not a proxy speaking this protocol, and no HTTP
 * answer would reach a client.
 */
export function readProxyHeader(socket: Socket, timeoutMs: number, logger: Logger, onHeader: (header: ProxyHeader) => void): void {
  const parser = new ProxyHeaderParser();
  const refuse = (why: string): void => {
    detach();
    logger.debug(`PROXY protocol: ${why}; closing the connection from ${socket.remoteAddress ?? 'a Unix socket'}`);
    socket.destroy();
  };
  const timer = setTimeout(() => refuse('no complete header within headersTimeout'), timeoutMs);
  timer.unref();
  const onEnd = (): void => refuse('the connection ended before a complete PROXY protocol header');
  const onClose = (): void => clearTimeout(timer);
  const onData = (chunk: Buffer): void => {
    let result;
    try {
      result = parser.feed(chunk);
    } catch (error) {
      if (!(error instanceof ProxyProtocolError)) throw error;
      refuse(`${error.message} (${error.code})`);
      return;
    }
    if (result === MORE) return;
    detach();
    socket.pause();
    if (result.rest.byteLength > 0) socket.unshift(result.rest);
    onHeader(result);
  };
  const detach = (): void => {
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('close', onClose);
  };
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.once('close', onClose);
  // A reset while the header is read ('close' follows). Kept after the hand-over: behind TLS the raw socket is no
  // connection's, and an unheard 'error' would throw.
  socket.on('error', (error: Error) => logger.debug(`connection error: ${error.message}`));
}
