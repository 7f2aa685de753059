/** @module The scope the server passes (server side): its type, `tsgi` versions, and every key of `http` and `lifespan`. */
import { serverViolation, type ValidationError } from './errors.js';
import { checkAdvertisedExtensions, isAdvertised } from './extensions.js';
import { checkRequestHeaders } from './header-checks.js';
import { isByteString, isIntegerIn, isObject, isToken, isVersion1, show } from './syntax.js';

/** What kind of scope the app was called with, as far as this package knows its rules. */
export type ScopeKind = 'http' | 'lifespan' | 'extension' | 'unknown';

/** A key check: `undefined` when `value` is fine, else what it should have been. */
type KeyCheck = (value: unknown) => string | undefined;

const expect = (ok: boolean, wanted: string): string | undefined => (ok ? undefined : wanted);

/** A `[host, port]` tuple check; `portMayBeNull` for `server` on a Unix socket (HTTP-SCOPE-SERVER). */
function endpoint(portMayBeNull: boolean): KeyCheck {
  return (value) => {
    if (value === null) return undefined;
    const ok = Array.isArray(value) && value.length === 2 && typeof value[0] === 'string'
      && (isIntegerIn(value[1], 0, 65535) || (portMayBeNull && value[1] === null));
    return expect(ok, portMayBeNull ? 'a [host, port | null] pair or null' : 'a [host, port] pair or null');
  };
}

/** An object whose values are all objects: `scope.extensions` (EXT-ADVERTISED). */
const extensionsCheck: KeyCheck = (value) => {
  if (!isObject(value)) return 'an object keyed by extension name ({} when none)';
  const bad = Object.keys(value).find((name) => !isObject(value[name]));
  return bad === undefined ? undefined : `an object whose values are objects, but ${show(bad)} is ${show(value[bad])}`;
};

/** `tsgi: { version, specVersion }`, both `"1.<minor>"` (VERSION-KEY). */
const versionCheck: KeyCheck = (value) => {
  if (!isObject(value)) return 'an object { version, specVersion }';
  if (!isVersion1(value['version'])) return `{ version: "1.<minor>" }, but version is ${show(value['version'])}`;
  if (!isVersion1(value['specVersion'])) return `{ specVersion: "1.<minor>" }, but specVersion is ${show(value['specVersion'])}`;
  return undefined;
};

/** Every key of the `http` scope (http.md §1: all keys are always present), the id it cites, and its check. */
const HTTP_KEYS: ReadonlyArray<readonly [key: string, requirement: string, check: KeyCheck]> = [
  ['tsgi', 'VERSION-KEY', versionCheck],
  ['httpVersion', 'HTTP-SCOPE-VERSION', (v) => expect(v === '1.0' || v === '1.1' || v === '2', '"1.0", "1.1" or "2"')],
  ['method', 'HTTP-SCOPE-METHOD', (v) => expect(isToken(v), 'a method token (RFC 9110 §9.1)')],
  ['scheme', 'HTTP-SCOPE-SCHEME', (v) => expect(v === 'http' || v === 'https', '"http" or "https"')],
  ['path', 'HTTP-SCOPE-PATH', (v) => expect(typeof v === 'string' && (v.startsWith('/') || v === '*'), 'a string starting with "/", or "*"')],
  ['rawPath', 'HTTP-SCOPE-RAWPATH', (v) => expect(isByteString(v) && (v.startsWith('/') || v === '*'), 'a byte string starting with "/", or "*"')],
  ['queryString', 'HTTP-SCOPE-QUERY', (v) => expect(isByteString(v), 'a byte string (code units 0x00-0xFF), "" when absent')],
  ['rootPath', 'HTTP-SCOPE-PATH-ROOT', (v) => expect(v === '' || (typeof v === 'string' && v.startsWith('/') && !v.endsWith('/')), '"" or a string starting with "/" and not ending with "/"')],
  ['headers', 'HTTP-SCOPE-HEADERS', () => undefined], // checked field by field below
  ['client', 'HTTP-SCOPE-CLIENT', endpoint(false)],
  ['server', 'HTTP-SCOPE-SERVER', endpoint(true)],
  ['extensions', 'HTTP-SCOPE-EXTENSIONS', extensionsCheck],
  ['state', 'HTTP-SCOPE-STATE', (v) => expect(isObject(v), 'an object ({} without lifespan state)')],
];

/** Checks each key of `scope` against its table. */
function checkKeys(scope: Record<string, unknown>, keys: typeof HTTP_KEYS): ValidationError[] {
  const found: ValidationError[] = [];
  for (const [key, requirement, check] of keys) {
    const wanted = Object.hasOwn(scope, key) ? check(scope[key]) : 'present (the key is missing)';
    if (wanted !== undefined) found.push(serverViolation(requirement, `scope.${key} is ${show(scope[key])}; it must be ${wanted}`));
  }
  return found;
}

/**
 * Checks an `http` scope: every key and its type, where the extensions are advertised (EXT-TRAILERS-ADVERTISED,
 * EXT-EARLYHINTS-ADVERTISED), then `path` against `rootPath` (HTTP-SCOPE-PATH-ROOT).
 */
export function checkHttpScope(scope: Record<string, unknown>): ValidationError[] {
  const found = checkKeys(scope, HTTP_KEYS);
  if (Object.hasOwn(scope, 'headers')) found.push(...checkRequestHeaders(scope['headers']));
  found.push(...checkAdvertisedExtensions(scope));
  const { path, rootPath } = scope;
  const keysValid = !found.some((e) => e.requirement === 'HTTP-SCOPE-PATH' || e.requirement === 'HTTP-SCOPE-PATH-ROOT');
  if (keysValid && typeof path === 'string' && typeof rootPath === 'string') {
    if (path === '*' && rootPath !== '') {
      found.push(serverViolation('HTTP-SCOPE-PATH-ROOT', `for the asterisk form rootPath is "", not ${show(rootPath)}`));
    } else if (path !== '*' && path !== rootPath && !path.startsWith(`${rootPath}/`)) {
      found.push(serverViolation('HTTP-SCOPE-PATH-ROOT', `path ${show(path)} does not start with rootPath ${show(rootPath)} at a segment boundary`));
    }
  }
  return found;
}

/** The keys of the `lifespan` scope (lifespan.md §1). */
const LIFESPAN_KEYS: typeof HTTP_KEYS = [
  ['tsgi', 'VERSION-KEY', versionCheck],
  ['state', 'LIFESPAN-STATE', (v) => expect(isObject(v) && Object.keys(v).length === 0, 'an empty object when the app is called')],
  ['extensions', 'EXT-ADVERTISED', extensionsCheck],
];

/** Checks a `lifespan` scope: `tsgi`, an empty `state` (LIFESPAN-STATE) and `extensions` (EXT-ADVERTISED). */
export function checkLifespanScope(scope: Record<string, unknown>): ValidationError[] {
  return checkKeys(scope, LIFESPAN_KEYS);
}

/**
 * Checks any scope. A scope is an object (APP-CALLABLE) whose `type` is `http`, `lifespan`, or the name of an
 * extension the scope advertises; servers call apps with no other type (APP-UNKNOWN-SCOPE).
 */
export function checkScope(scope: unknown): { kind: ScopeKind; violations: ValidationError[] } {
  if (!isObject(scope)) return { kind: 'unknown', violations: [serverViolation('APP-CALLABLE', `the scope is ${show(scope)}, not an object`)] };
  if (scope['type'] === 'http') return { kind: 'http', violations: checkHttpScope(scope) };
  if (scope['type'] === 'lifespan') return { kind: 'lifespan', violations: checkLifespanScope(scope) };
  if (typeof scope['type'] === 'string' && isAdvertised(scope['extensions'], scope['type'])) {
    return { kind: 'extension', violations: [] };
  }
  const detail = `called the app with scope type ${show(scope['type'])}, which is neither a TSGI type nor an advertised extension`;
  return { kind: 'unknown', violations: [serverViolation('APP-UNKNOWN-SCOPE', detail)] };
}
