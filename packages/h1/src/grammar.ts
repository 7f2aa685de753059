/**
 * @module grammar
 * Byte-level grammar of HTTP/1.1 shared by both roles: 256-entry lookup tables for tchar, field-value bytes and
 * hex digits, a latin1 decoder, field-line parsing and comma-list helpers. No regular expressions.
 *
 * Line endings: RFC 9112 §2.2 lets a recipient accept a bare LF as a line terminator. This package does NOT:
 * a bare LF in the start line, a header or trailer line, or a chunk line is rejected (400, `H1_BARE_LF`), as is a
 * bare CR anywhere (`H1_BARE_CR`). Being strict here removes a class of request-smuggling disagreements.
 */
import { badRequest } from './errors.js';

/** Carriage return. */
export const CR = 0x0d;
/** Line feed. */
export const LF = 0x0a;
/** Space. */
export const SP = 0x20;
/** Horizontal tab. */
export const HTAB = 0x09;
/** Colon. */
export const COLON = 0x3a;
/** Semicolon. */
export const SEMI = 0x3b;

/**
 * tchar table (RFC 9110 §5.6.2): 0 = not a tchar, 1 = tchar that is not an uppercase letter, 2 = uppercase A-Z.
 * The 1/2 split lets field names be validated and checked for lowercase in one pass.
 */
export const TOKEN: Uint8Array = new Uint8Array(256);
/** Field-value bytes (RFC 9110 §5.5): 1 for HTAB, SP, VCHAR and obs-text (0x80-0xFF); 0 for other CTLs and DEL. */
export const FIELD_VCHAR: Uint8Array = new Uint8Array(256);
/** Hex digit values (RFC 5234 HEXDIG, case-insensitive); 255 for non-hex bytes. */
export const HEX: Uint8Array = new Uint8Array(256).fill(255);

for (let c = 0x21; c < 0x7f; c++) if (!'"(),/:;<=>?@[\\]{}'.includes(String.fromCharCode(c))) TOKEN[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TOKEN[c] = 2;
for (let c = 0; c < 256; c++) FIELD_VCHAR[c] = c === HTAB || (c >= 0x20 && c !== 0x7f) ? 1 : 0;
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX[0x41 + c] = HEX[0x61 + c] = 10 + c;

interface FastLatin1 {
  latin1Slice(start: number, end: number): string;
}

/** Decodes bytes [start, end) of `buf` as latin1 (one UTF-16 code unit per byte): Buffer#latin1Slice. */
export function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as FastLatin1).latin1Slice(start, end);
}

/** Wraps a Uint8Array as a Buffer view over the same memory (no copy). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A frequent field name, lowercase, with the value it last had in any request: values such as `host`,
 * `user-agent` or `accept` repeat from request to request, and a value equal to the last one is given the same
 * string instead of a new one (comparing the bytes costs less than making a string: one slice per request was ~5%
 * of the in-process hello path). Process-wide, so an idle connection keeps nothing.
 */
interface CommonField {
  readonly name: string;
  /** The last value, reused when equal; `null`: never kept (credentials must not outlive their request). */
  last: string | null;
}

/** Fields whose values are credentials: they are never kept in the process-wide last-value slots. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'set-cookie']);

/** Frequent field names grouped by length: matched without allocating (see {@link commonName}). */
const COMMON_NAMES: CommonField[][] = [];
for (const n of [
  'host', 'accept', 'accept-encoding', 'accept-language', 'user-agent', 'connection', 'content-length',
  'content-type', 'cookie', 'referer', 'origin', 'authorization', 'cache-control', 'if-none-match',
  'if-modified-since', 'upgrade-insecure-requests', 'transfer-encoding', 'expect', 'pragma', 'range',
  'x-forwarded-for', 'x-forwarded-proto', 'x-requested-with', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-dest',
  'date', 'server', 'location', 'etag', 'last-modified', 'vary', 'set-cookie', 'keep-alive', 'te', 'trailer',
]) {
  (COMMON_NAMES[n.length] ??= []).push({ name: n, last: CREDENTIALS.has(n) ? null : '' });
}

function commonField(buf: Buffer, start: number, end: number): CommonField | undefined {
  const candidates = COMMON_NAMES[end - start];
  if (candidates === undefined) return undefined;
  outer: for (const cand of candidates) {
    const name = cand.name;
    for (let j = 0; j < name.length; j++) if ((buf[start + j]! | 0x20) !== name.charCodeAt(j)) continue outer;
    return cand;
  }
  return undefined;
}

/**
 * The interned lowercase string of a frequent field name in `buf[start, end)`, compared case-insensitively, or
 * undefined. Bytes must already be validated as tchar: then `c | 0x20` lowercases letters and leaves '-' and
 * digits alone, and no other tchar maps onto a letter or '-'.
 */
export function commonName(buf: Buffer, start: number, end: number): string | undefined {
  return commonField(buf, start, end)?.name;
}

/** Values longer than this (cookies, tokens: they vary, and a long compare would cost more than it saves) are not reused. */
const MAX_REUSED_VALUE = 128;

/** `buf[start, end)` as a string: `field.last` when the bytes are the same, else a new string that becomes it. */
function fieldValue(field: CommonField, buf: Buffer, start: number, end: number): string {
  const last = field.last;
  if (last === null || end - start > MAX_REUSED_VALUE) return latin1(buf, start, end);
  if (last.length === end - start) {
    let i = 0;
    while (i < last.length && buf[start + i] === last.charCodeAt(i)) i++;
    if (i === last.length) return last;
  }
  return (field.last = latin1(buf, start, end));
}

/**
 * Parses one field line `buf[start, end)` (CRLF already stripped) into `[lowercased name, OWS-trimmed value]` and
 * pushes it to `out`. RFC 9112 §5: field-line = field-name ":" OWS field-value OWS.
 * Rejects obs-fold (§5.2), whitespace before the colon (§5.1), non-token names, CTLs in values, bare CR.
 */
export function parseFieldLine(buf: Buffer, start: number, end: number, out: [string, string][]): void {
  const first = buf[start]!;
  if (first === SP || first === HTAB) throw badRequest('H1_OBS_FOLD', 'obsolete line folding (RFC 9112 §5.2)');
  let i = start;
  let upper = false;
  for (; i < end; i++) {
    const k = TOKEN[buf[i]!]!;
    if (k === 0) break;
    if (k === 2) upper = true;
  }
  if (i === end) throw badRequest('H1_BAD_HEADER_LINE', 'field line without a colon');
  const stop = buf[i]!;
  if (stop !== COLON) {
    if (stop === CR) throw badRequest('H1_BARE_CR', 'bare CR in a field name');
    if (stop === SP || stop === HTAB) {
      let j = i;
      while (j < end && (buf[j] === SP || buf[j] === HTAB)) j++;
      if (j < end && buf[j] === COLON && i > start) {
        throw badRequest('H1_WHITESPACE_BEFORE_COLON', 'whitespace between field name and colon (RFC 9112 §5.1)');
      }
    }
    throw badRequest('H1_BAD_HEADER_NAME', 'field name is not a token');
  }
  if (i === start) throw badRequest('H1_BAD_HEADER_NAME', 'empty field name');
  const common = commonField(buf, start, i);
  const name = common !== undefined ? common.name : upper ? latin1(buf, start, i).toLowerCase() : latin1(buf, start, i);
  let vs = i + 1;
  let ve = end;
  for (let j = vs; j < ve; j++) {
    const c = buf[j]!;
    if (FIELD_VCHAR[c] === 0) {
      if (c === CR) throw badRequest('H1_BARE_CR', 'bare CR in a field value');
      throw badRequest('H1_BAD_HEADER_VALUE', `invalid byte 0x${c.toString(16)} in field value`);
    }
  }
  while (vs < ve && (buf[vs] === SP || buf[vs] === HTAB)) vs++;
  while (ve > vs && (buf[ve - 1] === SP || buf[ve - 1] === HTAB)) ve--;
  out.push([name, common !== undefined ? fieldValue(common, buf, vs, ve) : latin1(buf, vs, ve)]);
}

/**
 * Splits a comma-separated list value (RFC 9110 §5.6.1) into OWS-trimmed, lowercased elements. Empty elements are
 * kept as '' so callers can decide to reject them.
 */
export function splitList(value: string): string[] {
  const out: string[] = [];
  let s = 0;
  for (let i = 0; i <= value.length; i++) {
    if (i === value.length || value.charCodeAt(i) === 0x2c) {
      let a = s;
      let b = i;
      while (a < b && isOws(value.charCodeAt(a))) a++;
      while (b > a && isOws(value.charCodeAt(b - 1))) b--;
      out.push(value.slice(a, b).toLowerCase());
      s = i + 1;
    }
  }
  return out;
}

/** True if `value` (a comma list) contains `token` (lowercase), compared case-insensitively. */
export function listHasToken(value: string, token: string): boolean {
  for (const el of splitList(value)) if (el === token) return true;
  return false;
}

/** True if the string is a non-empty token (RFC 9110 §5.6.2). */
export function isTokenString(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || TOKEN[c] === 0) return false;
  }
  return true;
}

/**
 * True if the string may be sent as a field value: a byte string (no char > 0xFF) without CR, LF or NUL
 * (RFC 9110 §5.5: those are invalid and dangerous; TSGI MSG-INVALID uses the same rule).
 */
export function isFieldValueString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || c === CR || c === LF || c === 0) return false;
  }
  return true;
}

function isOws(c: number): boolean {
  return c === SP || c === HTAB;
}
