/**
 * @module framing
 * Message framing and persistence decisions from parsed heads (RFC 9112 §6.1-§6.3, §9.3): which body kind a
 * request or response has, whether the connection persists, Host and Expect handling. Runs once per head; loops
 * over the header list with string compares (names are already lowercase).
 *
 * Content-Length policy: exactly one field whose value is 1*DIGIT. A second Content-Length field, or a list value
 * such as "5, 5" (which RFC 9110 §8.6 would let a recipient accept when all equal), is rejected: 400.
 */
import { isTokenString, listHasToken, splitList } from './grammar.js';
import { badRequest, H1RemoteProtocolError } from './errors.js';
import type { H1Limits } from './limits.js';

/** The framing of a request, as reported in the request head event. */
export interface RequestFraming {
  /** How the body is delimited. */
  bodyKind: 'none' | 'length' | 'chunked';
  /** -1 unless bodyKind is 'length'. */
  contentLength: number;
  /** Persistence per RFC 9112 §9.3. */
  keepAlive: boolean;
  /** HTTP/1.1 and `expect: 100-continue`. */
  expectContinue: boolean;
}

/** The framing of a response (client role). */
export interface ResponseFraming {
  /** How the body is delimited ('close': until EOF). */
  bodyKind: 'none' | 'length' | 'chunked' | 'close';
  /** -1 unless bodyKind is 'length'. */
  contentLength: number;
  /** Persistence per RFC 9112 §9.3 (false for a close-delimited body). */
  keepAlive: boolean;
}

/** Parses a Content-Length value: 1*DIGIT up to 2^53 - 1; -1 if invalid (lists, signs, spaces, empty). */
export function parseContentLength(value: string): number {
  const n = value.length;
  if (n === 0 || n > 16) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : -1;
}

/** The header fields that drive framing, collected in one pass. */
interface FramingFields {
  contentLength: string[];
  transferEncoding: string[];
  connection: string[];
  host: number;
  expect: string | null;
}

/**
 * One scratch record reused by every call: framing is decided synchronously and nothing keeps the arrays, so a
 * head costs no allocation here (the hello load reads ~50k heads a second).
 */
const SCRATCH: FramingFields = { contentLength: [], transferEncoding: [], connection: [], host: 0, expect: null };

function collect(headers: readonly (readonly [string, string])[]): FramingFields {
  const f = SCRATCH;
  // (setting an array's length is a runtime call even when it is already 0)
  if (f.contentLength.length !== 0) f.contentLength.length = 0;
  if (f.transferEncoding.length !== 0) f.transferEncoding.length = 0;
  if (f.connection.length !== 0) f.connection.length = 0;
  f.host = 0;
  f.expect = null;
  for (let i = 0; i < headers.length; i++) {
    const field = headers[i]!;
    switch (field[0]) {
      case 'content-length': f.contentLength.push(field[1]); break;
      case 'transfer-encoding': f.transferEncoding.push(field[1]); break;
      case 'connection': f.connection.push(field[1]); break;
      case 'host': f.host++; break;
      case 'expect': f.expect = field[1]; break;
    }
  }
  return f;
}

/** Persistence (RFC 9112 §9.3): `close` ends it; 1.1 persists by default; 1.0 only with `keep-alive`. */
function persistent(version: '1.0' | '1.1', connection: string[]): boolean {
  let close = false;
  let keepAlive = false;
  for (const v of connection) {
    if (listHasToken(v, 'close')) close = true;
    if (listHasToken(v, 'keep-alive')) keepAlive = true;
  }
  if (close) return false;
  return version === '1.1' || keepAlive;
}

/** Registered transfer codings (RFC 9112 §7, IANA registry); anything else is unknown (501). */
const KNOWN_CODINGS = new Set(['chunked', 'compress', 'deflate', 'gzip', 'x-compress', 'x-gzip']);

/**
 * Checks a Transfer-Encoding (RFC 9112 §6.1, §6.3) and returns true if the final coding is chunked; for a request
 * anything but a plain `chunked` throws. `request` false (a response) returns false for "not chunked last"
 * (close-delimited) instead of throwing, and accepts codings other than chunked.
 */
function checkTransferEncoding(values: string[], request: boolean): boolean {
  const codings: string[] = [];
  for (const v of values) {
    for (const c of splitList(v)) {
      if (!isTokenString(c)) throw badRequest('H1_BAD_TRANSFER_ENCODING', 'transfer-coding is not a token');
      codings.push(c);
    }
  }
  let chunked = 0;
  for (const c of codings) {
    if (request && !KNOWN_CODINGS.has(c)) {
      throw new H1RemoteProtocolError('H1_UNSUPPORTED_TRANSFER_CODING', 501, `unknown transfer-coding ${c}`);
    }
    if (c === 'chunked') chunked++;
  }
  if (chunked > 1) throw badRequest('H1_CHUNKED_TWICE', 'chunked applied more than once (RFC 9112 §6.1)');
  const last = codings[codings.length - 1] === 'chunked';
  if (!last) {
    if (!request) return false;
    throw badRequest('H1_CHUNKED_NOT_LAST', 'final transfer-coding is not chunked (RFC 9112 §6.3)');
  }
  if (request && codings.length > 1) {
    throw new H1RemoteProtocolError('H1_UNSUPPORTED_TRANSFER_CODING', 501, 'transfer-codings other than chunked');
  }
  return true;
}

/** The single valid Content-Length of a message, or throws (duplicate field, list, malformed). */
function singleContentLength(values: string[]): number {
  if (values.length > 1) throw badRequest('H1_DUPLICATE_CONTENT_LENGTH', 'more than one Content-Length field');
  const n = parseContentLength(values[0]!);
  if (n < 0) throw badRequest('H1_BAD_CONTENT_LENGTH', 'Content-Length is not 1*DIGIT (RFC 9110 §8.6)');
  return n;
}

/** Framing of a request head (server role). Throws H1RemoteProtocolError for every rejected combination. */
export function requestFraming(
  version: '1.0' | '1.1',
  headers: readonly (readonly [string, string])[],
  limits: H1Limits,
): RequestFraming {
  const f = collect(headers);
  if (version === '1.1' && f.host === 0) throw badRequest('H1_MISSING_HOST', 'HTTP/1.1 request without Host (RFC 9112 §3.2)');
  if (f.host > 1) throw badRequest('H1_DUPLICATE_HOST', 'more than one Host field (RFC 9112 §3.2)');
  const keepAlive = persistent(version, f.connection);
  const expectContinue = version === '1.1' && f.expect !== null && f.expect.toLowerCase() === '100-continue';
  const te = f.transferEncoding.length > 0;
  const cl = f.contentLength.length > 0;
  if (te && version === '1.0') {
    throw badRequest('H1_TRANSFER_ENCODING_HTTP10', 'Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)');
  }
  if (te && cl) throw badRequest('H1_CONFLICTING_FRAMING', 'both Content-Length and Transfer-Encoding (RFC 9112 §6.3)');
  if (te) {
    checkTransferEncoding(f.transferEncoding, true);
    return { bodyKind: 'chunked', contentLength: -1, keepAlive, expectContinue };
  }
  if (cl) {
    const n = singleContentLength(f.contentLength);
    if (n > limits.maxBodyBytes) {
      throw new H1RemoteProtocolError('H1_BODY_TOO_LARGE', 413, `Content-Length over ${limits.maxBodyBytes}`);
    }
    return { bodyKind: 'length', contentLength: n, keepAlive, expectContinue };
  }
  return { bodyKind: 'none', contentLength: -1, keepAlive, expectContinue };
}

/** True if a response with this status to this request method has no body (RFC 9112 §6.3 rules 1-2). */
export function responseHasNoBody(status: number, requestMethod: string | null): boolean {
  return (
    requestMethod === 'HEAD' ||
    status < 200 ||
    status === 204 ||
    status === 304 ||
    (requestMethod === 'CONNECT' && status < 300)
  );
}

/** Framing of a response head (client role), RFC 9112 §6.3. */
export function responseFraming(
  version: '1.0' | '1.1',
  status: number,
  headers: readonly (readonly [string, string])[],
  requestMethod: string | null,
): ResponseFraming {
  const f = collect(headers);
  const keepAlive = persistent(version, f.connection);
  if (responseHasNoBody(status, requestMethod)) return { bodyKind: 'none', contentLength: -1, keepAlive };
  if (f.transferEncoding.length > 0) {
    if (f.contentLength.length > 0) {
      throw badRequest('H1_CONFLICTING_FRAMING', 'both Content-Length and Transfer-Encoding (RFC 9112 §6.3)');
    }
    return checkTransferEncoding(f.transferEncoding, false)
      ? { bodyKind: 'chunked', contentLength: -1, keepAlive }
      : { bodyKind: 'close', contentLength: -1, keepAlive: false };
  }
  if (f.contentLength.length > 0) {
    const n = singleContentLength(f.contentLength);
    return { bodyKind: 'length', contentLength: n, keepAlive };
  }
  return { bodyKind: 'close', contentLength: -1, keepAlive: false };
}
