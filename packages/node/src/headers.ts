/**
 * @module Header lists between Node's shapes and the spec's: request headers from `rawHeaders` (order and duplicates
 * kept, spec HTTP-HEADERS-ORDER), response heads into what `writeHead()` and `respond()` take.
 *
 * Node reads header bytes as Latin-1 on both `node:http` and `node:http2`, so its strings already are the spec's
 * byte strings (HTTP-HEADERS-BYTES); nothing here decodes or encodes.
 */
import type { OutgoingHttpHeaders } from 'node:http2';
import type { HeaderField } from '@tsgi/spec';

/** Strips SP and HTAB at both ends (RFC 9110 §5.5); Node's parsers already do, this keeps the rule local. */
function trimOws(value: string): string {
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first !== 0x20 && first !== 0x09 && last !== 0x20 && last !== 0x09) return value;
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** What one pass over an HTTP/1.x request's `rawHeaders` finds. */
export interface H1RequestHead {
  /** The fields in order, names lowercased. */
  readonly headers: HeaderField[];
  /** How many `host` fields (RFC 9112 §3.2 allows one). */
  readonly hosts: number;
  /** The `transfer-encoding` values joined with commas, or null without one. */
  readonly codings: string | null;
  /** How many `content-length` fields. */
  readonly lengths: number;
  /** Every `content-length` field (if any) is `0`. */
  readonly zeroLength: boolean;
  /** An `expect` field lists `100-continue` (RFC 9110 §10.1.1). */
  readonly expectContinue: boolean;
}

/**
 * HTTP/1.x: `req.rawHeaders` (`[name, value, name, value, ...]` as received) with names lowercased, and what the
 * server's checks and framing need from them, in one pass (each name is lowercased once).
 */
export function h1RequestHead(raw: readonly string[]): H1RequestHead {
  const headers: HeaderField[] = [];
  let hosts = 0;
  let codings: string | null = null;
  let lengths = 0;
  let zeroLength = true;
  let expectContinue = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = trimOws(raw[i + 1]!);
    headers.push([name, value]);
    switch (name) {
      case 'host':
        hosts++;
        break;
      case 'transfer-encoding':
        codings = codings === null ? value : `${codings},${value}`;
        break;
      case 'content-length':
        lengths++;
        if (value !== '0') zeroLength = false;
        break;
      case 'expect':
        if (/\b100-continue\b/i.test(value)) expectContinue = true;
        break;
    }
  }
  return { headers, hosts, codings, lengths, zeroLength, expectContinue };
}

/** What an HTTP/2 request head holds besides its fields. */
export interface H2RequestHead {
  readonly method: string;
  readonly path: string | null;
  readonly headers: HeaderField[];
}

/**
 * HTTP/2: the stream's raw header list without pseudo-headers; `:authority` becomes a leading `host` field when the
 * request has none (RFC 9113 §8.3.1, spec HTTP-SCOPE-HEADERS). Names are lowercase on the wire (RFC 9113 §8.2).
 */
export function h2RequestHead(raw: readonly string[]): H2RequestHead {
  let method = '';
  let path: string | null = null;
  let authority: string | null = null;
  // Pseudo-headers come first (RFC 9113 §8.3; nghttp2 rejects a request with one after a regular field).
  let i = 0;
  for (; i + 1 < raw.length && raw[i]!.charCodeAt(0) === 0x3a; i += 2) {
    const name = raw[i]!;
    if (name === ':method') method = raw[i + 1]!;
    else if (name === ':path') path = raw[i + 1]!;
    else if (name === ':authority') authority = raw[i + 1]!;
    // other pseudo-headers (:scheme, :protocol) are not passed on
  }
  const first = i;
  let hasHost = false;
  for (; i + 1 < raw.length; i += 2) {
    if (raw[i] === 'host') {
      hasHost = true;
      break;
    }
  }
  // The list is made at its final size: grown by push it would reserve 16 slots for the usual three or four fields.
  const host = hasHost ? null : authority;
  const headers = new Array<HeaderField>(((raw.length - first) >> 1) + (host === null ? 0 : 1));
  let n = 0;
  if (host !== null) headers[n++] = ['host', host];
  for (i = first; i + 1 < raw.length; i += 2) headers[n++] = [raw[i]!, trimOws(raw[i + 1]!)];
  return { method, path, headers };
}

/** A response head for `res.writeHead(status, flat)`: a flat list keeps repeated names (`set-cookie`) apart. */
export function h1ResponseHeaders(headers: readonly HeaderField[]): string[] {
  const flat: string[] = new Array<string>(headers.length * 2);
  for (let i = 0; i < headers.length; i++) {
    flat[2 * i] = headers[i]![0];
    flat[2 * i + 1] = headers[i]![1];
  }
  return flat;
}

/**
 * Fields Node's HTTP/2 layer allows once only (its `kSingleValueHeaders`); a repeat would make `respond()` throw, so
 * the first one is kept. Repeats of these are invalid anyway (RFC 9110 §5.3: they are not list-valued).
 */
const SINGLE_VALUE = new Set([
  'access-control-allow-credentials', 'access-control-max-age', 'access-control-request-method', 'age',
  'authorization', 'content-encoding', 'content-language', 'content-length', 'content-location', 'content-md5',
  'content-range', 'content-type', 'date', 'dnt', 'etag', 'expires', 'from', 'host', 'if-match',
  'if-modified-since', 'if-none-match', 'if-range', 'if-unmodified-since', 'last-modified', 'location',
  'max-forwards', 'proxy-authorization', 'range', 'referer', 'retry-after', 'tk', 'upgrade-insecure-requests',
  'user-agent', 'x-content-type-options',
]);

/**
 * The `k`-th spelling of a lowercase `name` with other letter cases (`k` ≥ 1, bit i of `k` uppercases the i-th
 * letter), or null when the name has too few letters for that many.
 */
function caseVariant(name: string, k: number): string | null {
  let out = '';
  let bit = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c >= 'a' && c <= 'z') {
      out += (k >> bit) & 1 ? c.toUpperCase() : c;
      bit++;
    } else {
      out += c;
    }
  }
  return k < 2 ** Math.min(bit, 30) ? out : null;
}

/**
 * A response head for `stream.respond()`, in the app's order with every repeat its own field on the wire (spec
 * HTTP-START-HEADERS; `set-cookie` must never be joined, RFC 9110 §5.3). Node 20 takes only a headers object,
 * whose keys it lowercases; a repeated name therefore goes in under another letter case (`set-cookie`,
 * `Set-cookie`, ...), which keeps each value at its place. `te` is dropped: it is connection-specific in a response
 * (RFC 9113 §8.2.2) and Node throws on it; the gateway has already removed the other connection-specific fields.
 */
export function h2ResponseHeaders(status: number, headers: readonly HeaderField[]): OutgoingHttpHeaders {
  // The gateway hands the same (never changed) field list for a repeat of the last head (its `prepareHead`), and
  // `respond()` copies the object it is given, so the last object serves again: one object less per response.
  if (headers === lastFields && status === lastStatus) return lastHeaders;
  const out = buildH2ResponseHeaders(status, headers);
  lastFields = headers;
  lastStatus = status;
  lastHeaders = out;
  return out;
}

let lastFields: readonly HeaderField[] | null = null;
let lastStatus = 0;
let lastHeaders: OutgoingHttpHeaders = {};

function buildH2ResponseHeaders(status: number, headers: readonly HeaderField[]): OutgoingHttpHeaders {
  const out: Record<string, string | string[]> = { ':status': String(status) };
  // Repeats are rare: the Map that counts them is made at the first one (a Map per response showed in the profile).
  let seen: Map<string, number> | null = null;
  for (let i = 0; i < headers.length; i++) {
    const name = headers[i]![0];
    const value = headers[i]![1];
    if (name === 'te') continue;
    if (!Object.hasOwn(out, name)) {
      out[name] = value; // the first of its name (keys are lowercase names, ':status', and case variants of repeats)
      continue;
    }
    seen ??= new Map();
    const count = seen.get(name) ?? 1;
    seen.set(name, count + 1);
    if (SINGLE_VALUE.has(name)) continue;
    const key = caseVariant(name, count);
    if (key !== null) {
      out[key] = value;
      continue;
    }
    const prior = out[name]!; // a name with few letters repeated many times: grouped with its first value
    out[name] = typeof prior === 'string' ? [prior, value] : [...prior, value];
  }
  return out;
}

/** Fields as Node's header objects want them: one key per name, repeated values as an array, order kept. */
export function groupFields(headers: readonly HeaderField[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of headers) {
    const seen = out[name];
    if (seen === undefined) out[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[name] = [seen, value];
  }
  return out;
}
