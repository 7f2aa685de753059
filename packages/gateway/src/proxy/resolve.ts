/**
 * @module Who the client is behind trusted proxies (spec SERVER-PROXY-TRUST, -CHAIN, -INVALID).
 *
 * Theory of operation. Each proxy appends the address of the peer it received the request from to the right end
 * of the chain (`X-Forwarded-For: client, proxy1` or one `Forwarded` element per hop). Only the right end is
 * trustworthy, and only as far as trusted proxies wrote it: the immediate peer must be trusted to read anything;
 * its entry (the rightmost) names its own peer; while that is trusted too, the next entry to the left is believed,
 * and so on. The first untrusted entry is the client; anything left of it was written by the client and is
 * ignored. When every entry is trusted, the leftmost is the client.
 *
 * A hop the proxy hid (`unknown`, `_obfuscated`) stops the walk: the client stays the last address known, the
 * trusted proxy that hid it, because an app that rate-limits or logs by address needs an address, and that proxy
 * is the nearest thing the server can vouch for. The hidden hop's `proto` and `host` are still used: a trusted
 * proxy wrote them.
 *
 * Scheme and host come from the hop that names the client. In `Forwarded` that hop's element carries them. With
 * `X-Forwarded-Proto` / `-Host`: when the list has as many entries as `X-Forwarded-For`, every proxy appended to
 * both and the entry aligned with the client's is taken (a chain of TLS terminator then internal proxy reports the
 * client's `https`, not the internal hop's `http`); otherwise the rightmost, which the immediate peer set
 * (nginx's `proxy_set_header X-Forwarded-Proto $scheme` replaces the client's value). A client that sent its own
 * values cannot line the lists up with ours: the trusted proxy either replaced them or appended to both.
 */
import type { HeaderField } from '@tsgi/spec';
import { parseForwardedLine } from './forwarded.js';
import { HIDDEN, INVALID, parseForwardedNode, parseHost, parseScheme, parseXffNode, type Node } from './nodes.js';
import type { ProxyTrust } from './trust.js';

/** Which forwarding headers the trusted proxies set (the `proxyHeaders` option). */
export type ProxyHeaderFamily = 'x-forwarded' | 'forwarded';

/** What trusted proxies said about a request; `null` fields leave the scope's value as the connection gives it. */
export interface ProxiedRequest {
  /** The client's `[address, port]` (port 0 when the header gave none). */
  readonly client: Node | null;
  /** The scheme the client used. */
  readonly scheme: 'http' | 'https' | null;
  /** The `Host` the client sent. */
  readonly host: string | null;
}

/** Where the walk stopped: the client node (null: the peer stays) and the index of the hop that named it. */
interface Walk {
  client: Node | null;
  hop: number;
}

/**
 * Reads the forwarding headers of one request. `peer` is the connection's client, `null` on a Unix socket. Returns
 * `null` when nothing applies: the peer is not trusted, no forwarding header came, or the part of the chain the
 * walk reads is malformed (then the peer stays the client; no error reaches the request).
 */
export function resolveProxied(
  headers: readonly HeaderField[],
  peer: readonly [string, number] | null,
  trust: ProxyTrust,
  family: ProxyHeaderFamily,
): ProxiedRequest | null {
  if (peer === null ? !trust.unix : !trust.trusts(peer[0])) return null; // spec SERVER-PROXY-TRUST
  return family === 'forwarded' ? fromForwarded(headers, trust) : fromXForwarded(headers, trust);
}

/** RFC 7239: field lines from the last, elements from the right. */
function fromForwarded(headers: readonly HeaderField[], trust: ProxyTrust): ProxiedRequest | null {
  let client: Node | null = null;
  let proto: string | null = null;
  let host: string | null = null;
  let found = false;
  walk: for (let h = headers.length - 1; h >= 0; h--) {
    if (headers[h]![0] !== 'forwarded') continue;
    const elements = parseForwardedLine(headers[h]![1]);
    if (elements === null) return null; // spec SERVER-PROXY-INVALID
    for (let e = elements.length - 1; e >= 0; e--) {
      const element = elements[e]!;
      found = true;
      proto = element.proto;
      host = element.host;
      const node = element.for === null ? HIDDEN : parseForwardedNode(element.for);
      if (node === INVALID) return null;
      if (node === HIDDEN) break walk;
      client = node;
      if (!trust.trusts(node[0])) break walk;
    }
  }
  return found ? result(client, proto, host) : null;
}

/** The de-facto `X-Forwarded-For`, `-Proto`, `-Host`; several field lines of one name are one list (RFC 9110 §5.3). */
function fromXForwarded(headers: readonly HeaderField[], trust: ProxyTrust): ProxiedRequest | null {
  let forList: string | null = null;
  let protoList: string | null = null;
  let hostList: string | null = null;
  for (let h = 0; h < headers.length; h++) {
    const [name, value] = headers[h]!;
    if (name.length < 15 || name.charCodeAt(0) !== 0x78 || !name.startsWith('x-forwarded-')) continue;
    if (name === 'x-forwarded-for') forList = forList === null ? value : `${forList},${value}`;
    else if (name === 'x-forwarded-proto') protoList = protoList === null ? value : `${protoList},${value}`;
    else if (name === 'x-forwarded-host') hostList = hostList === null ? value : `${hostList},${value}`;
  }
  if (forList === null && protoList === null && hostList === null) return null;
  const walk: Walk = { client: null, hop: -1 };
  let hops = 0;
  if (forList !== null) {
    hops = walkXff(forList, trust, walk, protoList !== null || hostList !== null);
    if (hops < 0) return null; // spec SERVER-PROXY-INVALID
  }
  return result(walk.client, aligned(protoList, hops, walk.hop), aligned(hostList, hops, walk.hop));
}

/**
 * Walks `X-Forwarded-For` from the right; entries left of the client are never parsed, so a client's own junk
 * there cannot undo the walk, and only counted when `countAll` (the proto/host lists need the length). Returns the
 * number of non-empty entries seen, or -1 when an entry the walk reads is malformed. Fills `walk` with the client
 * and its entry's index from the right.
 */
function walkXff(list: string, trust: ProxyTrust, walk: Walk, countAll: boolean): number {
  let end = list.length;
  let index = 0; // entries seen, from the right
  let stopped = false;
  while (end >= 0) {
    const comma = end === 0 ? -1 : list.lastIndexOf(',', end - 1);
    const entry = list.slice(comma + 1, end).trim();
    end = comma;
    if (entry === '') {
      if (comma === -1) break;
      continue; // RFC 9110 §5.6.1: empty list elements are ignored
    }
    if (!stopped) {
      const node = parseXffNode(entry);
      if (node === INVALID) return -1;
      walk.hop = index;
      if (node === HIDDEN) stopped = true;
      else {
        walk.client = node;
        if (!trust.trusts(node[0])) stopped = true;
      }
    }
    index++;
    if (comma === -1 || (stopped && !countAll)) break;
  }
  return index;
}

/** The `X-Forwarded-Proto`/`-Host` entry for the client's hop (see the module notes), or `null`. */
function aligned(list: string | null, hops: number, hop: number): string | null {
  if (list === null) return null;
  const entries = list.split(',').map((e) => e.trim()).filter((e) => e !== '');
  if (entries.length === 0) return null;
  const fromRight = entries.length === hops && hop >= 0 ? hop : 0;
  return entries[entries.length - 1 - fromRight]!;
}

function result(client: Node | null, proto: string | null, host: string | null): ProxiedRequest | null {
  const scheme = proto === null ? null : parseScheme(proto);
  const validHost = host === null ? null : parseHost(host);
  if (client === null && scheme === null && validHost === null) return null;
  return { client, scheme, host: validHost };
}
