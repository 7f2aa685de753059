/**
 * @module The server's own answer for an app that failed or returned before its response started (spec:
 * APP-ERROR-BEFORE-START, APP-RETURN-INCOMPLETE): `500 Internal Server Error` with a short text body.
 */
import type { ResponseHead } from './port.js';
import { prepareHead } from './response-head.js';

const EMPTY = new Uint8Array(0);
const ERROR_BODY = new TextEncoder().encode('Internal Server Error');
const ERROR_HEADERS = [
  ['content-type', 'text/plain; charset=utf-8'],
  ['content-length', String(ERROR_BODY.byteLength)],
] as const;

/** The head of the 500, after the body rules (a `date` is added; the connection stays open). */
export function errorHead(isHeadRequest: boolean): ResponseHead {
  const head = prepareHead(500, ERROR_HEADERS, isHeadRequest);
  return { status: 500, headers: head.headers, close: false };
}

/** The body of the 500: none for a HEAD request (spec: HTTP-RESP-HEAD). */
export function errorBody(isHeadRequest: boolean): Uint8Array {
  return isHeadRequest ? EMPTY : ERROR_BODY;
}
