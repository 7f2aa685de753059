/**
 * @module The values a forwarding header carries about one hop: a node (address and port), a scheme, a host. Every
 * reader here returns `null` (or {@link INVALID}) on bad syntax instead of throwing: a client writes these headers,
 * and a malformed one must never fail the request (spec SERVER-PROXY-INVALID).
 */
import { NOT_IP, parseIp, parseIpv4 } from './ip.js';

/** A hop whose address the proxy hid or did not know (RFC 7239 §6.2 `unknown`, §6.3 obfuscated `_name`). */
export const HIDDEN = 'hidden';
/** A node value that is not valid syntax. */
export const INVALID = 'invalid';

/** A hop's address and port (0 when the header gives none or an obfuscated one). */
export type Node = readonly [address: string, port: number];

/** A port: 1 to 5 digits, at most 65535 (RFC 7239 §6 `port`, RFC 3986 §3.2.3). */
function parsePort(text: string): number {
  if (text.length === 0 || text.length > 5) return -1;
  let port = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    port = port * 10 + (c - 0x30);
  }
  return port <= 65535 ? port : -1;
}

/** RFC 7239 §6.3: `obfnode` / `obfport` = "_" 1*( ALPHA / DIGIT / "." / "_" / "-" ). */
function isObfuscated(text: string): boolean {
  if (text.length < 2 || text.charCodeAt(0) !== 0x5f) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    if (!alnum && c !== 0x2e && c !== 0x5f && c !== 0x2d) return false;
  }
  return true;
}

/** An address in brackets, `[2001:db8::1]` or `[2001:db8::1]:4711`; the port part is given to `port`. */
function bracketed(text: string, port: (rest: string) => number): Node | typeof INVALID {
  const close = text.indexOf(']');
  if (close === -1) return INVALID;
  const address = text.slice(1, close);
  if (!address.includes(':') || address.includes('%') || parseIp(address) === NOT_IP) return INVALID;
  const rest = text.slice(close + 1);
  if (rest === '') return [address, 0];
  if (rest.charCodeAt(0) !== 0x3a) return INVALID;
  const p = port(rest.slice(1));
  return p < 0 ? INVALID : [address, p];
}

/**
 * RFC 7239 §6 `node` (the `for` value, unquoted already): IPv4 or `[IPv6]`, each with an optional port or
 * obfuscated port; `unknown` and obfuscated names are {@link HIDDEN}.
 */
export function parseForwardedNode(text: string): Node | typeof HIDDEN | typeof INVALID {
  const obfuscatedPort = (rest: string): number => (isObfuscated(rest) ? 0 : parsePort(rest));
  if (text.charCodeAt(0) === 0x5b) return bracketed(text, obfuscatedPort);
  const colon = text.indexOf(':');
  const name = colon === -1 ? text : text.slice(0, colon);
  let port = 0;
  if (colon !== -1) {
    port = obfuscatedPort(text.slice(colon + 1));
    if (port < 0) return INVALID;
  }
  if (name.toLowerCase() === 'unknown' || isObfuscated(name)) return HIDDEN;
  return parseIpv4(name, 0, name.length) < 0 ? INVALID : [name, port];
}

/**
 * One `X-Forwarded-For` entry (a de-facto format without a spec): IPv4, IPv6 with or without brackets, each with an
 * optional port (`192.0.2.1:4711`, `[2001:db8::1]:4711`), or `unknown` (squid writes it), which is {@link HIDDEN}.
 */
export function parseXffNode(text: string): Node | typeof HIDDEN | typeof INVALID {
  if (text.charCodeAt(0) === 0x5b) return bracketed(text, parsePort);
  if (text.length === 7 && text.toLowerCase() === 'unknown') return HIDDEN;
  const colon = text.indexOf(':');
  if (colon !== -1 && text.indexOf(':', colon + 1) === -1) {
    // One colon: IPv4 with a port (IPv6 has at least two).
    const port = parsePort(text.slice(colon + 1));
    return port < 0 || parseIpv4(text, 0, colon) < 0 ? INVALID : [text.slice(0, colon), port];
  }
  return text.includes('%') || parseIp(text) === NOT_IP ? INVALID : [text, 0];
}

/** `http` or `https` in any case (RFC 3986 §3.1: schemes are case-insensitive), lowercased; else `null`. */
export function parseScheme(text: string): 'http' | 'https' | null {
  const lower = text.toLowerCase();
  return lower === 'http' || lower === 'https' ? lower : null;
}

/**
 * A DNS name or IP literal with an optional port (RFC 9110 §7.2 `Host` = uri-host [":" port]), else `null`. Stricter
 * than RFC 3986 `reg-name`: no sub-delims, so nothing that could smuggle userinfo (`@`), a path (`/`), spaces or a
 * second field into an app that builds URLs from it.
 */
export function parseHost(text: string): string | null {
  return HOST.test(text) ? text : null;
}
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._~%-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;
