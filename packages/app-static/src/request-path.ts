/**
 * @module Turning a request's path into file-name segments without ever leaving the root. Decisions are made on
 * `rawPath`, the path as received, because the decoded `path` hides encoded slashes (`%2F` decodes to `/`,
 * spec HTTP-SCOPE-PATH). The filesystem half (realpath containment, symlinks) is in resolve-path.ts.
 */

/** The route inside the root, as decoded file-name segments. */
export interface RouteSegments {
  readonly ok: true;
  /** Decoded segments, none empty, none `.` or `..`, none containing `/`, `\` or NUL. */
  readonly segments: readonly string[];
  /** The route ends with `/` (a directory was asked for). */
  readonly trailingSlash: boolean;
}

/** A path refused: 400 when malformed or hostile, 404 when well-formed but never served. */
export interface RefusedPath {
  readonly ok: false;
  readonly status: 400 | 404;
  /** Why, for tests and logs; never sent to the client. */
  readonly reason: string;
}

/** How dotfiles (any segment starting with ".") are treated. */
export type DotfilesPolicy = 'allow' | 'deny';

const HEX = /^[0-9A-Fa-f]{2}$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const WINDOWS = process.platform === 'win32';

/**
 * Percent-decodes a byte string into bytes (RFC 3986 §2.1). A `%` not followed by two hex digits stays a literal
 * `%`, as the server does for `path` (HTTP-SCOPE-PATH).
 */
export function percentDecodeBytes(raw: string): Uint8Array {
  const bytes = new Uint8Array(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x25 && HEX.test(raw.slice(i + 1, i + 3))) {
      bytes[length++] = Number.parseInt(raw.slice(i + 1, i + 3), 16);
      i += 2;
    } else {
      bytes[length++] = code & 0xff;
    }
  }
  return bytes.subarray(0, length);
}

/** Decodes a raw path the way the server makes `path`: percent-decoding, then UTF-8 with U+FFFD. */
export function decodeLikeServer(raw: string): string {
  return lenientUtf8.decode(percentDecodeBytes(raw));
}

/**
 * Removes the mount prefix from `rawPath`: whole raw segments are consumed until their decoded text equals
 * `rootPath` (which is decoded). Returns the raw route (`""` or starting with `/`), or `undefined` when `rawPath`
 * does not start with `rootPath` at a segment boundary.
 */
export function stripRawRoot(rawPath: string, rootPath: string): string | undefined {
  if (rootPath === '') return rawPath;
  if (!rawPath.startsWith('/')) return undefined;
  let consumed = 0; // index in rawPath just after the consumed segments
  let decoded = '';
  while (decoded.length < rootPath.length) {
    const next = rawPath.indexOf('/', consumed + 1);
    const end = next < 0 ? rawPath.length : next;
    decoded += `/${decodeLikeServer(rawPath.slice(consumed + 1, end))}`;
    consumed = end;
    if (end === rawPath.length) break;
  }
  return decoded === rootPath ? rawPath.slice(consumed) : undefined;
}

function refuse(status: 400 | 404, reason: string): RefusedPath {
  return { ok: false, status, reason };
}

/**
 * Checks one raw segment and decodes it. Refused with 400: encoded `/` or `\` (`%2F`, `%5C`), NUL and other
 * control bytes, invalid or overlong UTF-8 (`%C0%AE` is an overlong `.`; a fatal UTF-8 decoder rejects it), and
 * the dot segments `.` and `..` in any spelling (`%2e%2e`, `.%2E`): a client normalises those away before sending
 * (RFC 3986 §5.2.4), so one that sends them is probing. Refused with 404: Windows drive letters (`C:`), and on
 * Windows the names it would silently change (trailing dot or space, `:` streams).
 */
function decodeSegment(raw: string): string | RefusedPath {
  if (/%(?:2f|5c)/i.test(raw)) return refuse(400, 'encoded slash or backslash');
  const bytes = percentDecodeBytes(raw);
  if (bytes.some((b) => b < 0x20 || b === 0x7f)) return refuse(400, 'NUL or control byte');
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return refuse(400, 'invalid or overlong UTF-8');
  }
  if (text.includes('/') || text.includes('\\')) return refuse(400, 'slash or backslash in a segment');
  if (text === '.' || text === '..') return refuse(400, 'dot segment');
  if (/^[A-Za-z]:/.test(text)) return refuse(404, 'drive letter');
  if (WINDOWS && (/[. ]$/.test(text) || text.includes(':'))) return refuse(404, 'name Windows would alter');
  return text;
}

/**
 * Parses the route of a request into safe segments. `route` is `path.slice(rootPath.length)` as the server
 * decoded it; the segments come from `rawPath` and must decode to exactly `route`, so an app behind a
 * middleware that rewrote one but not the other refuses instead of guessing.
 */
export function parseRoute(
  rawPath: string,
  path: string,
  rootPath: string,
  dotfiles: DotfilesPolicy,
): RouteSegments | RefusedPath {
  if (!path.startsWith(rootPath)) return refuse(400, 'path does not start with rootPath');
  const route = path.slice(rootPath.length);
  const rawRoute = stripRawRoot(rawPath, rootPath);
  if (rawRoute === undefined) return refuse(400, 'rawPath does not start with rootPath');
  if (rawRoute === '') return { ok: true, segments: [], trailingSlash: false };
  if (!rawRoute.startsWith('/')) return refuse(400, 'not an absolute path');
  if (rawRoute.includes('\\')) return refuse(400, 'backslash');

  const rawSegments = rawRoute.slice(1).split('/');
  const trailingSlash = rawSegments.at(-1) === '';
  if (trailingSlash) rawSegments.pop();
  const segments: string[] = [];
  for (const raw of rawSegments) {
    if (raw === '') return refuse(404, 'empty segment');
    const segment = decodeSegment(raw);
    if (typeof segment !== 'string') return segment;
    if (segment.startsWith('.') && dotfiles !== 'allow') return refuse(404, 'dotfile');
    segments.push(segment);
  }
  const rebuilt = `/${segments.join('/')}${trailingSlash && segments.length > 0 ? '/' : ''}`;
  if (rebuilt !== route) return refuse(400, 'rawPath and path disagree');
  return { ok: true, segments, trailingSlash };
}

/** Percent-encodes a decoded path for a `location` field: UTF-8, each byte outside `pchar` and `/` as `%XX`. */
export function encodePath(path: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(path)) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~!$&'()*+,;=:@/]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
