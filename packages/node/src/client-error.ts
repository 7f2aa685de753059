/**
 * @module HTTP/1.x requests Node's parser rejects (its `clientError` event): the answer spec SERVER-BAD-REQUEST asks
 * for, with the status that fits where Node's own answer would be a plain 400.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { connectionOf } from './connection.js';
import type { NodeRuntime } from './runtime.js';

/** After we answer a bad request and end our side, how long to wait for the peer to close. */
const LINGER_MS = 2000;

/** What Node's `clientError` event passes: an errno-style error with the parser's position. */
export type ClientError = NodeJS.ErrnoException & { bytesParsed?: number; rawPacket?: Buffer };

/**
 * Node's parser found a bad request or a head timed out: answers with `connection: close`, then closes; says
 * nothing when the peer is gone or a response is already on its way.
 */
export function answerClientError(runtime: NodeRuntime, error: ClientError, socket: Socket): void {
  const connection = connectionOf(socket);
  runtime.logger.debug(`bad request (${error.code}): ${error.message}`);
  if (!socket.writable || connection.busy > 0 || error.code === 'ECONNRESET' || error.code === 'EPIPE') {
    socket.destroy(); // nothing to say, or a response is already on its way: closing is all that is left
    return;
  }
  let status: number;
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      // RFC 9110 §15.5.9: 408 when a request had begun; a connection that sent nothing just closes.
      if (socket.bytesRead === connection.bytesAtIdle) {
        socket.destroy();
        return;
      }
      status = 408;
      break;
    case 'HPE_HEADER_OVERFLOW':
      status = requestLineIncomplete(error) ? 414 : 431;
      break;
    case 'HPE_INVALID_VERSION':
      status = 505;
      break;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      status = 413;
      break;
    default:
      status = 400;
  }
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`, 'latin1');
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/**
 * Node reports a request line that is too long and header fields that are too large with the same error. When the
 * bytes parsed before the overflow hold no line end, the request line never ended: 414 (RFC 9112 §3), else 431.
 */
function requestLineIncomplete(error: ClientError): boolean {
  const packet = error.rawPacket;
  if (packet === undefined) return false;
  const parsed = packet.subarray(0, error.bytesParsed ?? packet.byteLength);
  return !parsed.includes(0x0a);
}
