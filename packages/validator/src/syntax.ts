/** @module Small value tests shared by the checks: tokens, byte strings, plain objects, and showing a value in a message. */

/** RFC 9110 §5.6.2 `token`: one or more tchar. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A token without uppercase letters, as TSGI header names are (HTTP-SCOPE-HEADERS, HTTP-START-HEADERS). */
const LOWERCASE_TOKEN = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
/** A byte string: every UTF-16 code unit in 0x00–0xFF (gateway.md, Terms). */
const BYTE_STRING = /^[\x00-\xff]*$/;
/** `"MAJOR.MINOR"` of decimal integers with major 1 (VERSION-KEY). */
const VERSION_1 = /^1\.\d+$/;

/** `true` for an RFC 9110 token. */
export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** `true` for a token in lowercase (header names on both sides of TSGI). */
export function isLowercaseToken(value: unknown): value is string {
  return typeof value === 'string' && LOWERCASE_TOKEN.test(value);
}

/** `true` for a string whose code units are all at most 0xFF. */
export function isByteString(value: unknown): value is string {
  return typeof value === 'string' && BYTE_STRING.test(value);
}

/** `true` for a version string `"1.<minor>"`. */
export function isVersion1(value: unknown): value is string {
  return typeof value === 'string' && VERSION_1.test(value);
}

/** `true` for a non-null object that is not an array (scopes, messages, `extensions`, `state`). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `true` for an integer in `[min, max]`. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** A short, printable rendering of a value for an error message (never the bytes of a body). */
export function show(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.byteLength})`;
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}
