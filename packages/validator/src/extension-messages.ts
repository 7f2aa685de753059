/**
 * @module The keys of the three extension messages the app sends (app side, extensions.md §3–§5): trailer fields
 * (EXT-TRAILERS-FIELDS), the file of a path send (EXT-PATHSEND-ORDER) and the fields of an early hint
 * (EXT-EARLYHINTS-ORDER). Where each message may go is the response state machine's job (http-app-side).
 */
import { appViolation } from './errors.js';
import { FRAMING_HEADERS } from './header-checks.js';
import { isByteString, isLowercaseToken, show } from './syntax.js';
import { rejected, type Finding } from './tracker.js';

/** The extension names of extensions.md §3–§5, which are also the message types. */
export const TRAILERS = 'http.response.trailers';
/** `http.response.pathsend` (extensions.md §4). */
export const PATHSEND = 'http.response.pathsend';
/** `http.response.earlyHints` (extensions.md §5). */
export const EARLY_HINTS = 'http.response.earlyHints';

/**
 * Fields a trailer section must not carry (EXT-TRAILERS-FIELDS, RFC 9110 §6.5.1): those that frame, route or
 * authenticate the message, controls that belong before the content, and the connection-specific fields
 * (HTTP-RESP-FRAMING). Pseudo-headers (`:` names)
 * fail the lowercase-token test already.
 */
export const FORBIDDEN_TRAILER_FIELDS: ReadonlySet<string> = new Set([
  'content-length',
  'content-type',
  'content-encoding',
  'content-range',
  'transfer-encoding',
  'host',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'cache-control',
  'expect',
  'max-forwards',
  'range',
  'te',
  'trailer',
  ...FRAMING_HEADERS,
]);

/** Why a field name is refused in this message, or `undefined` when it is allowed. */
type FieldRule = (name: string) => string | undefined;

/**
 * Checks a field list of an extension message: `[name, value]` string pairs, lowercase token names, byte-string
 * values without CR, LF or NUL (as HTTP-START-HEADERS), and no name `refuse` names. Each finding is a rejection
 * (MSG-INVALID) citing `requirement`.
 */
function checkFields(headers: unknown, requirement: string, label: string, refuse: FieldRule): Finding[] {
  if (!Array.isArray(headers)) return [rejected(appViolation(requirement, `${label} headers is ${show(headers)}, not an array of [name, value] pairs`))];
  const findings: Finding[] = [];
  (headers as unknown[]).forEach((field: unknown, i) => {
    const [name, value] = Array.isArray(field) && field.length === 2 ? (field as unknown[]) : [];
    if (typeof name !== 'string' || typeof value !== 'string') {
      findings.push(rejected(appViolation(requirement, `${label} headers[${i}] is not a [name, value] pair of strings`)));
      return;
    }
    const pseudo = name.startsWith(':');
    if (!isLowercaseToken(name)) {
      const what = pseudo ? `the pseudo-header ${show(name)}` : `the name ${show(name)}, which is not a lowercase token`;
      findings.push(rejected(appViolation(requirement, `${label} headers[${i}] has ${what}`)));
    } else {
      const why = refuse(name);
      if (why !== undefined) findings.push(rejected(appViolation(requirement, `${label} carries the field ${show(name)}: ${why}`)));
    }
    if (!isByteString(value) || /[\r\n\0]/.test(value)) {
      findings.push(rejected(appViolation(requirement, `the value of ${label} field ${show(name)} contains CR, LF, NUL or a code unit above 0xFF`)));
    }
  });
  return findings;
}

/**
 * The keys of `http.response.trailers`: `headers` (default `[]`) are trailer fields that neither frame, route nor
 * authenticate the message (EXT-TRAILERS-FIELDS); `moreTrailers` is a boolean (MSG-INVALID).
 */
export function checkTrailersKeys(message: Readonly<Record<string, unknown>>): Finding[] {
  const { headers, moreTrailers } = message;
  const refuse: FieldRule = (name) => (FORBIDDEN_TRAILER_FIELDS.has(name) ? 'it frames, routes or authenticates the message (RFC 9110 §6.5.1)' : undefined);
  const findings = headers === undefined ? [] : checkFields(headers, 'EXT-TRAILERS-FIELDS', TRAILERS, refuse);
  if (moreTrailers !== undefined && typeof moreTrailers !== 'boolean') {
    findings.push(rejected(appViolation('MSG-INVALID', `moreTrailers is ${show(moreTrailers)}, not a boolean`)));
  }
  return findings;
}

/**
 * The keys of `http.response.earlyHints`: `headers` is required and follows HTTP-START-HEADERS, without
 * connection-specific fields (any `connection` included) or `content-length` (EXT-EARLYHINTS-ORDER).
 */
export function checkEarlyHintsKeys(message: Readonly<Record<string, unknown>>): Finding[] {
  const refuse: FieldRule = (name) => {
    if (FRAMING_HEADERS.has(name)) return 'connection-specific fields are not allowed in a 103';
    return name === 'content-length' ? 'a 103 has no content' : undefined;
  };
  return checkFields(message['headers'], 'EXT-EARLYHINTS-ORDER', EARLY_HINTS, refuse);
}

/** A path send as the app asked for it. */
export interface PathsendKeys {
  readonly findings: Finding[];
  /** The path, when it is an absolute path. */
  readonly path: string | undefined;
  /** How many bytes the app asked for, when it gave a valid `length`. */
  readonly length: number | undefined;
}

/** An absolute path, POSIX (`/…`) or Windows (`C:\…`, `\\server\…`). */
const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

/** `true` for an integer >= 0 that a file offset can hold exactly. */
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The keys of `http.response.pathsend`: an absolute `path`, and `offset` and `length` integers >= 0 (EXT-PATHSEND-ORDER). */
export function checkPathsendKeys(message: Readonly<Record<string, unknown>>): PathsendKeys {
  const findings: Finding[] = [];
  const { path, offset, length } = message;
  const absolute = typeof path === 'string' && ABSOLUTE.test(path);
  if (!absolute) findings.push(rejected(appViolation('EXT-PATHSEND-ORDER', `path is ${show(path)}, not an absolute path`)));
  for (const [key, value] of [['offset', offset], ['length', length]] as const) {
    if (value !== undefined && !isCount(value)) findings.push(rejected(appViolation('EXT-PATHSEND-ORDER', `${key} is ${show(value)}, not an integer >= 0`)));
  }
  return { findings, path: absolute ? path : undefined, length: isCount(length) ? length : undefined };
}
