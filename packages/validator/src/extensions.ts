/**
 * @module Extension names: which message types belong to an extension, whether the server advertised it
 * (EXT-ADVERTISED), and where a server may advertise the extensions of extensions.md (EXT-TRAILERS-ADVERTISED,
 * EXT-EARLYHINTS-ADVERTISED).
 */
import { appViolation, serverViolation, type ValidationError } from './errors.js';
import { isObject, show } from './syntax.js';

/** The names reserved by EXT-RESERVED (gateway.md §6, extensions.md §2). */
export const RESERVED_EXTENSIONS: readonly string[] = [
  'http.response.trailers',
  'http.response.pathsend',
  'http.response.earlyHints',
  'tls',
];

/** `true` when `type` is the name `name` or a message type under it (`name` + `"."` + more). */
function belongsTo(type: string, name: string): boolean {
  return type === name || type.startsWith(`${name}.`);
}

/** `true` when `name` is a key of the scope's `extensions` object. */
export function isAdvertised(extensions: unknown, name: string): boolean {
  return isObject(extensions) && Object.hasOwn(extensions, name);
}

/** The advertised extension that message type `type` belongs to, if any (EXT-ADVERTISED). */
export function advertisedExtensionOf(type: string, extensions: unknown): string | undefined {
  if (!isObject(extensions)) return undefined;
  return Object.keys(extensions).find((name) => belongsTo(type, name));
}

/** `true` when `type` belongs to a reserved extension name or has the vendor form `x-<vendor>.<name>`. */
export function isExtensionType(type: string): boolean {
  return /^x-[^.]+\./.test(type) || RESERVED_EXTENSIONS.some((name) => belongsTo(type, name));
}

/**
 * The violation for a message type the app sent that its protocol does not define and no advertised extension
 * owns: EXT-ADVERTISED when it names an extension, MSG-INVALID (unknown type) otherwise.
 */
export function unknownSendType(type: unknown, scopeType: string): ValidationError {
  if (typeof type !== 'string') {
    return appViolation('MSG-INVALID', `a message needs a string "type", got ${show(type)}`);
  }
  if (isExtensionType(type)) {
    return appViolation('EXT-ADVERTISED', `sent ${show(type)}, but that extension is not in scope.extensions`);
  }
  return appViolation('MSG-INVALID', `sent ${show(type)}, a message type unknown on a ${scopeType} scope`);
}

/** `true` when a request's `te` fields list the `trailers` keyword (RFC 9110 §10.1.4; case-insensitive). */
export function teListsTrailers(headers: unknown): boolean {
  if (!Array.isArray(headers)) return false;
  return (headers as unknown[]).some((field) => {
    if (!Array.isArray(field) || field[0] !== 'te' || typeof field[1] !== 'string') return false;
    return field[1].split(',').some((member) => (member.split(';')[0] ?? '').trim().toLowerCase() === 'trailers');
  });
}

/**
 * Checks where the server advertises the extensions of extensions.md on an `http` scope (server side):
 * `http.response.trailers` never on HTTP/1.0 and on HTTP/1.1 only when a `te` field lists `trailers`
 * (EXT-TRAILERS-ADVERTISED); `http.response.earlyHints` never on HTTP/1.0 (EXT-EARLYHINTS-ADVERTISED). That each
 * value is an object is HTTP-SCOPE-EXTENSIONS, checked with the other keys.
 */
export function checkAdvertisedExtensions(scope: Readonly<Record<string, unknown>>): ValidationError[] {
  const { extensions, httpVersion, headers } = scope;
  const found: ValidationError[] = [];
  if (isAdvertised(extensions, 'http.response.trailers')) {
    if (httpVersion === '1.0') {
      found.push(serverViolation('EXT-TRAILERS-ADVERTISED', 'advertised "http.response.trailers" on an HTTP/1.0 request, which cannot carry trailers'));
    } else if (httpVersion === '1.1' && !teListsTrailers(headers)) {
      found.push(serverViolation('EXT-TRAILERS-ADVERTISED', 'advertised "http.response.trailers" on an HTTP/1.1 request without a te field listing "trailers"'));
    }
  }
  if (isAdvertised(extensions, 'http.response.earlyHints') && httpVersion === '1.0') {
    found.push(serverViolation('EXT-EARLYHINTS-ADVERTISED', 'advertised "http.response.earlyHints" on an HTTP/1.0 request; no 1xx goes to an HTTP/1.0 client (RFC 9110 §15.2)'));
  }
  return found;
}
