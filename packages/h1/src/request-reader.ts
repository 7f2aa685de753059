/**
 * @module request-reader
 * The request line (RFC 9112 §3) and the HTTP-version (RFC 9112 §2.3), and the request head reader built on
 * {@link HeadReader}.
 *
 *   request-line = method SP request-target SP HTTP-version
 *
 * Strict: exactly one SP between the parts, none before or after; method a token; target visible ASCII only
 * (0x21-0x7E: no SP, no CTL, no byte >= 0x80); version exactly `HTTP/` DIGIT `.` DIGIT (case-sensitive).
 */
import { CR, SP, TOKEN, latin1 } from './grammar.js';
import { badRequest, H1RemoteProtocolError } from './errors.js';
import { HeadReader } from './head-reader.js';
import type { H1Limits } from './limits.js';

/** The parsed request line. */
export interface RequestLine {
  /** Method token as received. */
  method: string;
  /** request-target as received (latin1). */
  target: string;
  /** Version; 1.2+ reported as 1.1. */
  httpVersion: '1.0' | '1.1';
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Throws H1_BARE_CR if `buf[start, end)` holds a CR (it cannot be a line terminator there). */
function rejectCr(buf: Buffer, start: number, end: number): void {
  const i = buf.indexOf(CR, start);
  if (i >= 0 && i < end) throw badRequest('H1_BARE_CR', 'bare CR in the start line (RFC 9112 §2.2)');
}

/**
 * Parses `buf[start, end)` as HTTP-version. `HTTP/1.0` and `HTTP/1.1` are accepted, `HTTP/1.x` (x > 1) is taken
 * as 1.1 (RFC 9112 §2.3); `HTTP/0.x`, `HTTP/2.0`, `HTTP/3` and other majors give 505; anything else 400.
 */
export function parseHttpVersion(buf: Buffer, start: number, end: number): '1.0' | '1.1' {
  const len = end - start;
  const isHttp =
    len >= 6 &&
    buf[start] === 0x48 &&
    buf[start + 1] === 0x54 &&
    buf[start + 2] === 0x54 &&
    buf[start + 3] === 0x50 &&
    buf[start + 4] === 0x2f &&
    isDigit(buf[start + 5]!);
  if (isHttp) {
    const major = buf[start + 5]! - 0x30;
    const full = len === 8 && buf[start + 6] === 0x2e && isDigit(buf[start + 7]!);
    if (full && major === 1) return buf[start + 7] === 0x30 ? '1.0' : '1.1';
    if (full || (len === 6 && major >= 2)) {
      throw new H1RemoteProtocolError('H1_VERSION_NOT_SUPPORTED', 505, `HTTP version ${latin1(buf, start, end)}`);
    }
  }
  rejectCr(buf, start, end);
  throw badRequest('H1_BAD_VERSION', 'malformed HTTP-version (RFC 9112 §2.3)');
}

/** The registered methods of RFC 9110 §9 (and PATCH), by length: matched without making a string. */
const METHODS: string[][] = [];
for (const m of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']) (METHODS[m.length] ??= []).push(m);

/** The method token `buf[start, end)` as a string: a constant one for the usual methods (case-sensitive, §9.1). */
function methodString(buf: Buffer, start: number, end: number): string {
  const candidates = METHODS[end - start];
  if (candidates !== undefined) {
    outer: for (const m of candidates) {
      for (let j = 0; j < m.length; j++) if (buf[start + j] !== m.charCodeAt(j)) continue outer;
      return m;
    }
  }
  return latin1(buf, start, end);
}

/** Parses a request line `buf[start, end)` (CRLF stripped). Throws H1RemoteProtocolError (400/505). */
export function parseRequestLine(buf: Buffer, start: number, end: number): RequestLine {
  let i = start;
  while (i < end && TOKEN[buf[i]!] !== 0) i++;
  if (i === end) throw badRequest('H1_BAD_REQUEST_LINE', 'request line has no target');
  if (buf[i] !== SP) {
    rejectCr(buf, start, end);
    if (i === start && (buf[i] === 0x09 || buf[i] === SP)) {
      throw badRequest('H1_BAD_REQUEST_LINE', 'whitespace before the method');
    }
    throw badRequest('H1_BAD_METHOD', 'method is not a token (RFC 9112 §3.1)');
  }
  if (i === start) throw badRequest('H1_BAD_REQUEST_LINE', 'whitespace before the method');
  const method = methodString(buf, start, i);
  const ts = ++i;
  for (let c = buf[i]!; i < end && c > SP && c < 0x7f; c = buf[++i]!);
  if (i === ts) throw badRequest('H1_BAD_REQUEST_LINE', 'empty request-target or extra whitespace');
  if (i === end) throw badRequest('H1_BAD_REQUEST_LINE', 'request line has no HTTP-version');
  if (buf[i] !== SP) {
    rejectCr(buf, start, end);
    throw badRequest('H1_BAD_TARGET', 'request-target has a control, space or non-ASCII byte (RFC 9112 §3.2)');
  }
  const target = i - ts === 1 && buf[ts] === 0x2f ? '/' : latin1(buf, ts, i); // `/`: the most frequent target
  for (let j = i + 1; j < end; j++) {
    if (buf[j] === SP || buf[j] === 0x09) throw badRequest('H1_BAD_REQUEST_LINE', 'extra whitespace in the request line');
  }
  const httpVersion = parseHttpVersion(buf, i + 1, end);
  return { method, target, httpVersion };
}

/** RFC 9112 §3: 414 for a request line over the limit. */
function requestLineTooLong(max: number): H1RemoteProtocolError {
  return new H1RemoteProtocolError('H1_REQUEST_LINE_TOO_LONG', 414, `request line longer than ${max} bytes`);
}

/** Builds the head reader of the server role: request line + headers, with the request limits (414/431). */
export function createRequestHeadReader(limits: H1Limits): HeadReader<RequestLine> {
  return new HeadReader(
    parseRequestLine,
    limits.maxRequestLineBytes,
    requestLineTooLong,
    limits.maxHeaderBytes,
    limits.maxHeaderCount,
  );
}
