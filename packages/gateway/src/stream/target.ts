/**
 * @module Splits a request target into the scope's `rawPath`, `path` and `queryString` (spec: HTTP-SCOPE-PATH,
 * -RAWPATH, -QUERY, -PATH-ROOT). Targets arrive as byte strings (one char per byte).
 */

/** The path parts of a scope. */
export interface TargetParts {
  /** Percent-decoded, UTF-8-decoded path without the query, `rootPath` included; becomes `scope.path`. */
  readonly path: string;
  /** The path as received (byte string, no decoding), without the query; becomes `scope.rawPath`. */
  readonly rawPath: string;
  /** The query as received, without the `?`, still percent-encoded; `""` when absent. */
  readonly queryString: string;
}

const utf8 = new TextDecoder('utf-8'); // not fatal: invalid sequences become U+FFFD (spec HTTP-SCOPE-PATH)

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Percent-decodes a byte string (invalid escapes stay as they are) and decodes the bytes as UTF-8. */
export function decodePath(raw: string): string {
  let plain = true;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 || c > 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return raw; // the common case: ASCII with no escapes decodes to itself
  const bytes = new Uint8Array(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    bytes[n++] = c & 0xff;
  }
  return utf8.decode(bytes.subarray(0, n));
}

/** The parts of the target `/` without a root path (frozen: every such request shares them). */
const ROOT: TargetParts = Object.freeze({ path: '/', rawPath: '/', queryString: '' });

/** Whether `path` lies under `rootPath` at a segment boundary. */
function isUnder(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath) && (path.length === rootPath.length || path.charCodeAt(rootPath.length) === 0x2f);
}

/**
 * Splits `target` (origin-form, absolute-form or `*`, RFC 9112 §3.2) and applies the server's `rootPath`:
 * when the path is not under it (a proxy stripped the prefix) the prefix is put back (spec: HTTP-SCOPE-PATH-ROOT).
 */
export function splitTarget(target: string, rootPath: string): TargetParts {
  if (target === '/' && rootPath === '') return ROOT; // the most frequent target, answered without an allocation
  let start = 0;
  if (target.charCodeAt(0) !== 0x2f && target !== '*') {
    // RFC 9112 §3.2.2: absolute-form; the path starts at the first "/" after "scheme://authority".
    const scheme = target.indexOf('://');
    if (scheme > 0) {
      const slash = target.indexOf('/', scheme + 3);
      const query = target.indexOf('?', scheme + 3);
      start = slash === -1 || (query !== -1 && query < slash) ? -1 : slash;
      if (start === -1) {
        const qs = query === -1 ? '' : target.slice(query + 1);
        return withRoot('/', '/', qs, rootPath);
      }
    }
  }
  const q = target.indexOf('?', start);
  const rawPath = q === -1 ? (start === 0 ? target : target.slice(start)) : target.slice(start, q);
  const queryString = q === -1 ? '' : target.slice(q + 1);
  return withRoot(rawPath, decodePath(rawPath), queryString, rootPath);
}

function withRoot(rawPath: string, path: string, queryString: string, rootPath: string): TargetParts {
  if (rootPath === '' || path === '*' || isUnder(path, rootPath)) return { path, rawPath, queryString };
  // rawPath is a byte string: the prefix goes in percent-encoded as UTF-8.
  return { path: rootPath + path, rawPath: encodeURI(rootPath) + rawPath, queryString };
}
