/**
 * @module Which extensions a request gets (spec: EXT-TRAILERS-ADVERTISED, EXT-EARLYHINTS-ADVERTISED) and the field
 * rules of the extension messages (EXT-TRAILERS-FIELDS, EXT-EARLYHINTS-ORDER).
 */
import { InvalidMessageError, type Extensions, type HeaderList, type HttpVersion } from '@tsgi/spec';
import { checkHeaderList } from './response-head.js';

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const freeze = (names: string[]): Extensions => Object.freeze(Object.fromEntries(names.map((n) => [n, EMPTY])));
/** The few possible sets, made once, so a scope's `extensions` costs no allocation. */
const H2 = freeze(['http.response.trailers', 'http.response.pathsend', 'http.response.earlyHints']);
const H11_TRAILERS = H2;
const H11 = freeze(['http.response.pathsend', 'http.response.earlyHints']);
const H10 = freeze(['http.response.pathsend']);

/** Whether a `te` field value lists `trailers` (RFC 9110 §10.1.4). */
function acceptsTrailers(headers: HeaderList): boolean {
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i]!;
    if (name === 'te' && /(^|,)\s*trailers\s*(;|,|$)/i.test(value)) return true;
  }
  return false;
}

/** What a server that supports all three extensions advertises for a request of `httpVersion` with `headers`. */
export function advertisedExtensions(httpVersion: HttpVersion, headers: HeaderList): Extensions {
  if (httpVersion === '2') return H2;
  if (httpVersion === '1.0') return H10; // RFC 9110 §15.2: no 1xx to HTTP/1.0; no chunked trailers either
  return acceptsTrailers(headers) ? H11_TRAILERS : H11;
}

/** RFC 9110 §6.5.1: fields a sender must not put in trailers (framing, routing, authentication, controls). */
const NOT_IN_TRAILERS = new Set([
  'content-length', 'content-type', 'content-encoding', 'content-range', 'transfer-encoding', 'host',
  'authorization', 'proxy-authorization', 'set-cookie', 'cookie', 'te', 'trailer', 'connection', 'keep-alive',
  'proxy-connection', 'upgrade', 'expect', 'range', 'cache-control', 'max-forwards',
]);

/** Checks trailer fields (spec: EXT-TRAILERS-FIELDS); throws {@link InvalidMessageError}. */
export function checkTrailers(headers: unknown): HeaderList {
  const list = checkHeaderList(headers ?? [], 'http.response.trailers');
  for (const [name] of list) {
    if (NOT_IN_TRAILERS.has(name)) throw new InvalidMessageError(`http.response.trailers: ${name} is not allowed in trailers`);
  }
  return list;
}

const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** Checks the fields of an early-hints message (spec: EXT-EARLYHINTS-ORDER); throws {@link InvalidMessageError}. */
export function checkEarlyHints(headers: unknown): HeaderList {
  const list = checkHeaderList(headers, 'http.response.earlyHints');
  for (const [name] of list) {
    if (CONNECTION_SPECIFIC.has(name) || name === 'content-length') {
      throw new InvalidMessageError(`http.response.earlyHints: ${name} is not allowed in a 103`);
    }
  }
  return list;
}
