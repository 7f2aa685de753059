/** @module Header lists on both sides: request headers in the scope (server) and response headers on start (app). */
import { appViolation, serverViolation, type ValidationError } from './errors.js';
import { corrected, rejected, type Finding } from './tracker.js';
import { isByteString, isLowercaseToken, show } from './syntax.js';

/** Connection-specific fields the server removes from the app's headers (HTTP-RESP-FRAMING). */
export const FRAMING_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

/** `[name, value]` when `field` is a pair of strings, else `undefined`. */
function pair(field: unknown): readonly [string, string] | undefined {
  if (!Array.isArray(field) || field.length !== 2) return undefined;
  const [name, value] = field as unknown[];
  return typeof name === 'string' && typeof value === 'string' ? [name, value] : undefined;
}

/** Why `name` is not a lowercase token, for the message. */
function badName(name: string): string {
  if (name.startsWith(':')) return `the pseudo-header ${show(name)}`;
  return `the header name ${show(name)}, which is not a lowercase token`;
}

/**
 * Checks the `headers` of an `http` scope (server side): an array of `[name, value]` string pairs with lowercase
 * token names and no pseudo-headers (HTTP-SCOPE-HEADERS), byte-string values (HTTP-HEADERS-BYTES) that have no
 * CR, LF or NUL and no leading or trailing SP or HTAB (HTTP-SCOPE-HEADERS).
 */
export function checkRequestHeaders(headers: unknown): ValidationError[] {
  if (!Array.isArray(headers)) return [serverViolation('HTTP-SCOPE-HEADERS', `scope.headers is ${show(headers)}, not an array`)];
  const found: ValidationError[] = [];
  (headers as unknown[]).forEach((field, i) => {
    const fv = pair(field);
    if (fv === undefined) {
      found.push(serverViolation('HTTP-SCOPE-HEADERS', `scope.headers[${i}] is not a [name, value] pair of strings`));
      return;
    }
    const [name, value] = fv;
    if (!isLowercaseToken(name)) found.push(serverViolation('HTTP-SCOPE-HEADERS', `scope.headers[${i}] has ${badName(name)}`));
    if (!isByteString(value)) {
      found.push(serverViolation('HTTP-HEADERS-BYTES', `the value of request header ${show(name)} has a code unit above 0xFF (decoded, not a byte string)`));
    }
    if (/[\r\n\0]/.test(value)) found.push(serverViolation('HTTP-SCOPE-HEADERS', `the value of request header ${show(name)} contains CR, LF or NUL`));
    if (/^[ \t]|[ \t]$/.test(value)) {
      found.push(serverViolation('HTTP-SCOPE-HEADERS', `the value of request header ${show(name)} keeps leading or trailing whitespace`));
    }
  });
  return found;
}

/** What the app's response headers say, besides the findings. */
export interface ResponseHeaders {
  readonly findings: Finding[];
  /** The app's `content-length`, when every value is the same valid number. */
  readonly contentLength: number | undefined;
}

/** `true` for a `connection` value that only asks to close, which HTTP-RESP-RULE-POLICY does not count as a break. */
function isCloseOnly(value: string): boolean {
  const tokens = value.split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
  return tokens.length > 0 && tokens.every((t) => t === 'close');
}

/**
 * Checks the `headers` of `http.response.start` (app side). Rejected by the server (MSG-INVALID): a list that is
 * not `[name, value]` string pairs, a name that is not a lowercase token or a value with CR, LF, NUL or a code unit
 * above 0xFF (HTTP-START-HEADERS); `content-length` values that are not all the same `1*DIGIT` (MSG-INVALID).
 * Corrected by the server: connection-specific fields other than `connection: close` (HTTP-RESP-FRAMING).
 */
export function checkResponseHeaders(headers: unknown): ResponseHeaders {
  if (headers === undefined) return { findings: [], contentLength: undefined }; // default [] (MSG-DEFAULTS)
  if (!Array.isArray(headers)) {
    return { findings: [rejected(appViolation('HTTP-START-HEADERS', `headers is ${show(headers)}, not an array`))], contentLength: undefined };
  }
  const findings: Finding[] = [];
  const lengths: string[] = [];
  (headers as unknown[]).forEach((field, i) => {
    const fv = pair(field);
    if (fv === undefined) {
      findings.push(rejected(appViolation('HTTP-START-HEADERS', `headers[${i}] is not a [name, value] pair of strings`)));
      return;
    }
    const [name, value] = fv;
    if (!isLowercaseToken(name)) findings.push(rejected(appViolation('HTTP-START-HEADERS', `headers[${i}] has ${badName(name)}`)));
    if (!isByteString(value) || /[\r\n\0]/.test(value)) {
      findings.push(rejected(appViolation('HTTP-START-HEADERS', `the value of response header ${show(name)} contains CR, LF, NUL or a code unit above 0xFF`)));
    }
    if (FRAMING_HEADERS.has(name) && !(name === 'connection' && isCloseOnly(value))) {
      findings.push(corrected(appViolation('HTTP-RESP-FRAMING', `sent the connection-specific header ${show(name)}; the server owns framing and removes it`)));
    }
    if (name === 'content-length') lengths.push(value);
  });
  if (lengths.length === 0) return { findings, contentLength: undefined };
  const first = lengths[0] ?? '';
  if (!lengths.every((v) => /^\d+$/.test(v) && Number(v) === Number(first))) {
    const shown = lengths.map(show).join(', ');
    const error = appViolation('MSG-INVALID', `content-length values ${shown} are not all the same 1*DIGIT number (RFC 9110 §8.6)`);
    findings.push({ ...rejected(error), deferrable: true }); // the server may find it only at the first body
    return { findings, contentLength: undefined };
  }
  return { findings, contentLength: Number(first) };
}
