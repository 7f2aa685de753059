/**
 * @module message-rules
 * The HTTP message rules of RFC 9113 §8 for decoded header lists. A malformed request is a
 * stream error of type PROTOCOL_ERROR (§8.1.1); a bad outgoing list is the caller's bug (H2LocalError).
 */
import { ErrorCode } from './error-codes.js';
import { H2LocalError, H2StreamError } from './errors.js';
import type { FieldMemo } from './field-memo.js';

/** A header list as HPACK decodes it: latin1 byte strings. */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/** The parts of a valid request head (§8.3.1). */
export interface RequestHead {
  /** The `:method` pseudo-header value (a token). */
  readonly method: string;
  /** `''` for CONNECT (§8.5 omits it). */
  readonly scheme: string;
  /** The `:authority` pseudo-header value, or `null` when absent (always present for CONNECT). */
  readonly authority: string | null;
  /** `''` for CONNECT (§8.5 omits it). */
  readonly path: string;
  /** Regular fields, in order. */
  readonly headers: [string, string][];
  /** The content-length value, or -1 when absent. */
  readonly contentLength: number;
}

/** §8.2.2: "Endpoints MUST NOT generate an HTTP/2 message containing connection-specific header fields". */
const CONNECTION_SPECIFIC = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/**
 * Why a field name is invalid, or null. RFC 9113 §8.2.1: "A field name MUST NOT contain characters in the ranges
 * 0x00-0x20, 0x41-0x5a, or 0x7f-0xff (all ranges inclusive)" and, except in pseudo-header names, no colon; §8.2:
 * "Field names MUST be converted to lowercase when constructing an HTTP/2 message".
 */
export function nameProblem(name: string, pseudo: boolean): string | null {
  if (name.length === (pseudo ? 1 : 0)) return 'empty field name';
  for (let i = pseudo ? 1 : 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) return `uppercase field name ${JSON.stringify(name)}`;
    if (c <= 0x20 || c >= 0x7f || c === 0x3a) return `invalid character in field name ${JSON.stringify(name)}`;
  }
  return null;
}

/**
 * Why a field value is invalid, or null. RFC 9113 §8.2.1: "A field value MUST NOT contain the zero value (ASCII
 * NUL, 0x00), line feed (ASCII LF, 0x0a), or carriage return (ASCII CR, 0x0d) at any position. A field value MUST
 * NOT start or end with an ASCII whitespace character (ASCII SP or HTAB, 0x20 or 0x09)."
 */
export function valueProblem(name: string, value: string): string | null {
  const n = value.length;
  if (n === 0) return null;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(n - 1);
  if (first === 0x20 || first === 0x09 || last === 0x20 || last === 0x09) {
    return `field ${name} value has leading or trailing whitespace`;
  }
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x00 || c === 0x0a || c === 0x0d || c > 0xff) return `invalid character in field ${name} value`;
  }
  return null;
}

/** Why a regular (non-pseudo) field is not allowed in HTTP/2, or null: §8.2.1 characters, §8.2.2 fields. */
export function regularFieldProblem(name: string, value: string): string | null {
  const problem = nameProblem(name, false) ?? valueProblem(name, value);
  if (problem !== null) return problem;
  if (CONNECTION_SPECIFIC.has(name)) return `connection-specific field ${name}`;
  // §8.2.2: TE "MAY be present in an HTTP/2 request; when it is, it MUST NOT contain any value other than 'trailers'".
  if (name === 'te' && value.toLowerCase() !== 'trailers') return 'te other than "trailers"';
  return null;
}

/**
 * Checks a trailer list (§8.1: "Trailers MUST NOT include pseudo-header fields") and returns its fields. Throws
 * {@link H2StreamError} PROTOCOL_ERROR when malformed.
 */
export function checkTrailers(streamId: number, list: HeaderList): [string, string][] {
  for (const [name, value] of list) {
    const problem = name.charCodeAt(0) === 0x3a ? `pseudo-header ${name} in trailers` : regularFieldProblem(name, value);
    if (problem !== null) throw new H2StreamError(streamId, ErrorCode.PROTOCOL_ERROR, `malformed trailers: ${problem}`);
  }
  return list as [string, string][];
}

/**
 * Checks an outgoing response header list (`trailers`: an outgoing trailer list) before it is encoded: `:status`
 * first with a 3-digit code other than 101 (§8.6 drops 101), no other pseudo-header, §8.2 fields. Throws
 * {@link H2LocalError} `H2_LOCAL_INVALID_HEADER`. Returns the status (0 for trailers).
 */
export function checkOutgoing(list: HeaderList, trailers: boolean): number {
  return checkOutgoingFields(list, trailers, undefined);
}

/** {@link checkOutgoing}, skipping the §8.2 scan of fields `valid` has seen pass (and adding those that pass). */
export function checkOutgoingFields(list: HeaderList, trailers: boolean, valid: FieldMemo | undefined): number {
  let status = 0;
  let i = 0;
  if (!trailers) {
    const first = list[0];
    if (first === undefined || first[0] !== ':status') return invalidOutgoing('response headers must start with :status');
    status = statusCode(first[1]);
    if (status === 0 || status === 101) invalidOutgoing(`invalid :status ${first[1]}`);
    i = 1;
  }
  for (; i < list.length; i++) {
    const field = list[i]!;
    const name = field[0];
    if (name.charCodeAt(0) === 0x3a) invalidOutgoing(`pseudo-header ${name} not allowed here`);
    if (valid !== undefined && valid.has(name, field[1])) continue;
    const problem = regularFieldProblem(name, field[1]);
    if (problem !== null) invalidOutgoing(problem);
    valid?.add(name, field[1]);
  }
  return status;
}

/** A `:status` value of three digits, the first 1-5, as a number; 0 otherwise. */
function statusCode(value: string): number {
  if (value.length !== 3) return 0;
  const a = value.charCodeAt(0) - 0x30;
  const b = value.charCodeAt(1) - 0x30;
  const c = value.charCodeAt(2) - 0x30;
  if (a < 1 || a > 5 || b < 0 || b > 9 || c < 0 || c > 9) return 0;
  return a * 100 + b * 10 + c;
}

/** Throws the caller's error for an invalid outgoing list. */
function invalidOutgoing(why: string): never {
  throw new H2LocalError('H2_LOCAL_INVALID_HEADER', why);
}
