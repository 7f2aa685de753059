/**
 * @module Checks an app's `http.response.start` and applies the response body rules to it (spec: HTTP-START-*,
 * HTTP-RESP-*). Pure functions over the message: the same rules for every protocol below.
 */
import { InvalidMessageError, type HeaderField, type HeaderList } from '@tsgi/spec';
import type { ResponseRule, RuleWarnings } from '../app/rule-warnings.js';
import { httpDate } from './http-date.js';

/** `tchar` of RFC 9110 §5.6.2, lowercase letters only (spec: HTTP-START-HEADERS asks for lowercase names). */
const LOWER_TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz") LOWER_TOKEN[c.charCodeAt(0)] = 1;

function isLowerToken(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || LOWER_TOKEN[c] === 0) return false;
  }
  return true;
}

/** RFC 9110 §5.5: no CR, LF or NUL in a field value; byte strings hold only chars up to 0xFF. */
function isValidValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0d || c === 0x0a || c === 0x00 || c > 0xff) return false;
  }
  return true;
}

const NONE_BROKEN: ResponseRule[] = [];

/** The head as the wire will carry it, plus what the body writer must enforce. */
export interface PreparedHead {
  /** The status code from the start message. */
  readonly status: number;
  /**
   * The app's fields without framing and connection fields (and without content-length where no content is allowed),
   * plus `date` if missing.
   */
  readonly headers: HeaderField[];
  /** The app asked for `connection: close`. */
  readonly close: boolean;
  /** `false` for 1xx, 204, 304 and responses to HEAD (spec: HTTP-RESP-NOBODY, -304, -HEAD). */
  readonly bodyAllowed: boolean;
  /** The app's own `content-length`, or -1. */
  readonly declaredLength: number;
  /** Rules the app broke in its headers; the caller warns once per app for each. */
  readonly broken: readonly ResponseRule[];
}

/**
 * The name and value strings of the last header list found valid, flat (`[n0, v0, n1, v1…]`): an app sends the
 * same fields response after response, and the same strings need no second look (they compare by identity first,
 * by contents otherwise, so the shortcut is exact for any input).
 */
let lastValid: string[] = [];

/** Whether `headers` is an array of `[name, value]` pairs holding exactly the strings of `flat`, in order. */
function sameStrings(flat: readonly string[], headers: readonly unknown[]): boolean {
  if (flat.length !== headers.length * 2) return false;
  for (let i = 0, j = 0; i < headers.length; i++, j += 2) {
    const field = headers[i];
    if (!Array.isArray(field) || field.length !== 2 || field[0] !== flat[j] || field[1] !== flat[j + 1]) return false;
  }
  return true;
}

/** Checks a header list's form (spec: HTTP-START-HEADERS); throws {@link InvalidMessageError} naming `what`. */
export function checkHeaderList(headers: unknown, what: string): HeaderList {
  if (!Array.isArray(headers)) throw new InvalidMessageError(`${what}: headers must be an array`);
  if (sameStrings(lastValid, headers)) return headers as HeaderList;
  for (const field of headers as unknown[]) {
    if (!Array.isArray(field) || field.length !== 2 || typeof field[0] !== 'string' || typeof field[1] !== 'string') {
      throw new InvalidMessageError(`${what}: each header must be a [name, value] pair of strings`);
    }
    if (!isLowerToken(field[0])) {
      throw new InvalidMessageError(`${what}: header name ${JSON.stringify(field[0])} is not a lowercase token`);
    }
    if (!isValidValue(field[1])) {
      throw new InvalidMessageError(`${what}: header ${field[0]} has CR, LF, NUL or a char above 0xFF`);
    }
  }
  lastValid = flatten(headers as HeaderList);
  return headers as HeaderList;
}

/** Validates a start message's status and headers; throws {@link InvalidMessageError} (spec: MSG-INVALID). */
export function checkStart(status: unknown, headers: unknown): asserts headers is HeaderList | undefined {
  // Spec HTTP-START-STATUS: an integer 200..599; informational responses are never sent with start.
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    throw new InvalidMessageError(`http.response.start: status must be an integer 200..599, got ${String(status)}`);
  }
  if (headers !== undefined) checkHeaderList(headers, 'http.response.start');
}

/** A `content-length` value: 1*DIGIT (RFC 9110 §8.6), else -2. */
function parseLength(value: string): number {
  if (value.length === 0 || value.length > 15) return -2;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -2;
    n = n * 10 + d;
  }
  return n;
}

/** Whether a `connection` value holds only the `close` option (which HTTP/1.x honours, spec: HTTP-RESP-FRAMING). */
function isOnlyClose(value: string): boolean {
  return value.trim().toLowerCase() === 'close';
}

function flatten(headers: HeaderList): string[] {
  const flat: string[] = new Array(headers.length * 2);
  for (let i = 0; i < headers.length; i++) {
    flat[2 * i] = headers[i]![0];
    flat[2 * i + 1] = headers[i]![1];
  }
  return flat;
}

/**
 * The last prepared head and what it was made from: the next response with the same status, request method kind,
 * field strings and date (it changes once a second) gets the same object. A PreparedHead is never changed by its
 * users, so sharing it is safe; this saves the field scan and three allocations per response.
 */
let lastHead: PreparedHead | null = null;
let lastHeadFields: string[] = [];
let lastHeadRequest = false;
let lastDate = '';

/**
 * Applies the body rules to a validated head. `isHeadRequest` is whether the request method was HEAD.
 * Throws {@link InvalidMessageError} for a malformed or conflicting `content-length`.
 */
export function prepareHead(status: number, headers: HeaderList, isHeadRequest: boolean): PreparedHead {
  const date = httpDate();
  const reuse = lastHead;
  if (
    reuse !== null &&
    reuse.status === status &&
    lastHeadRequest === isHeadRequest &&
    lastDate === date &&
    sameStrings(lastHeadFields, headers)
  ) {
    return reuse;
  }
  const head = buildHead(status, headers, isHeadRequest, date);
  lastHead = head;
  lastHeadFields = flatten(headers);
  lastHeadRequest = isHeadRequest;
  lastDate = date;
  return head;
}

function buildHead(status: number, headers: HeaderList, isHeadRequest: boolean, date: string): PreparedHead {
  const noContent = status === 204 || status < 200; // RFC 9110 §6.4.1, §8.6: no content, no Content-Length
  const bodyAllowed = !noContent && status !== 304 && !isHeadRequest;
  const out: HeaderField[] = [];
  let broken: ResponseRule[] = NONE_BROKEN; // a fresh array only when a rule is broken (rarely)
  let declaredLength = -1;
  let close = false;
  let hasDate = false;
  for (let i = 0; i < headers.length; i++) {
    const field = headers[i]!;
    const name = field[0];
    switch (name) {
      case 'content-length': {
        const n = parseLength(field[1].trim());
        if (n === -2 || (declaredLength !== -1 && n !== declaredLength)) {
          throw new InvalidMessageError(`http.response.start: invalid content-length ${JSON.stringify(field[1])}`);
        }
        if (declaredLength !== -1) continue; // an identical repeat adds nothing
        declaredLength = n;
        if (noContent) {
          (broken === NONE_BROKEN ? (broken = []) : broken).push('HTTP-RESP-NOBODY');
          continue;
        }
        break;
      }
      case 'connection':
        if (isOnlyClose(field[1])) close = true;
        else {
          if (/\bclose\b/i.test(field[1])) close = true;
          (broken === NONE_BROKEN ? (broken = []) : broken).push('HTTP-RESP-FRAMING');
        }
        continue;
      // RFC 9113 §8.2.2 and RFC 9112 §6.1: framing and connection management belong to the server.
      case 'transfer-encoding':
      case 'keep-alive':
      case 'proxy-connection':
      case 'upgrade':
        (broken === NONE_BROKEN ? (broken = []) : broken).push('HTTP-RESP-FRAMING');
        continue;
      case 'date':
        hasDate = true;
        break;
    }
    out.push(field);
  }
  if (noContent) declaredLength = -1;
  if (!hasDate) out.push(['date', date]); // spec HTTP-RESP-DATE, RFC 9110 §6.6.1
  return { status, headers: out, close, bodyAllowed, declaredLength, broken };
}

/**
 * The rule a body on a no-body response breaks, for the warning; `null` for a response to HEAD, where an app may
 * send the body it would send for GET and the server drops it without a warning (spec: HTTP-RESP-HEAD).
 */
export function noBodyRule(status: number): ResponseRule | null {
  if (status === 304) return 'HTTP-RESP-304';
  if (status === 204 || status < 200) return 'HTTP-RESP-NOBODY';
  return null; // a response to HEAD (the only other case without a body)
}

const NO_BODY = new Uint8Array(0);

/**
 * The part of `body` the wire may carry after `sent` bytes (spec: HTTP-RESP-HEAD, HTTP-RESP-LENGTH-OVER): nothing
 * where the status or method allows no body (RFC 9110 §6.4.1), at most what content-length still leaves room for.
 */
export function fitBody(head: PreparedHead, sent: number, body: Uint8Array, warnings: RuleWarnings): Uint8Array {
  if (!head.bodyAllowed) {
    if (body.byteLength === 0) return body;
    const rule = noBodyRule(head.status);
    if (rule !== null) warnings.warn(rule, `a body was sent with status ${head.status}; dropped`);
    return NO_BODY;
  }
  if (head.declaredLength >= 0) {
    const room = head.declaredLength - sent;
    if (body.byteLength > room) {
      warnings.warn('HTTP-RESP-LENGTH-OVER', `body longer than content-length ${head.declaredLength}; cut`);
      return body.subarray(0, room);
    }
  }
  return body;
}
