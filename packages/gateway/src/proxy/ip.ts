/**
 * @module IP address text to numbers, by hand: the trust check runs once per hop of every request behind a proxy,
 * so it compares integers and never runs a regular expression. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`,
 * RFC 4291 §2.5.5.2) is read as the IPv4 address it carries: a dual-stack socket reports IPv4 peers that way.
 */

/** Where {@link parseIp} writes an IPv6 address: four big-endian 32-bit words. Reused; read it before parsing again. */
export const IPV6_WORDS = new Uint32Array(4);

/** {@link parseIp} found an IPv6 address; its words are in {@link IPV6_WORDS}. */
export const IS_IPV6 = -2;
/** {@link parseIp} found no address. */
export const NOT_IP = -1;

/** Longest IPv6 text: eight groups of four hex digits with an IPv4 tail, e.g. `ffff:...:ffff:255.255.255.255`. */
const MAX_IP_TEXT = 45;

/**
 * Reads `text.slice(start, end)` as an IP address: the IPv4 address as an unsigned 32-bit number (also for an
 * IPv4-mapped IPv6 address), {@link IS_IPV6} with the words in {@link IPV6_WORDS}, or {@link NOT_IP}. No brackets,
 * no port; a zone (`fe80::1%eth0`) is accepted and ignored, as Node reports link-local peers with one.
 */
export function parseIp(text: string, start = 0, end = text.length): number {
  const zone = text.indexOf('%', start);
  if (zone !== -1 && zone < end) end = zone;
  if (end - start > MAX_IP_TEXT || end <= start) return NOT_IP;
  if (text.indexOf(':', start) === -1 || text.indexOf(':', start) >= end) return parseIpv4(text, start, end);
  if (!parseIpv6(text, start, end)) return NOT_IP;
  const w = IPV6_WORDS;
  if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) return w[3]!; // RFC 4291 §2.5.5.2
  return IS_IPV6;
}

/** Dotted-quad IPv4 (RFC 3986 §3.2.2 `IPv4address`: no leading zeros, so `010` is not read as octal). */
export function parseIpv4(text: string, start: number, end: number): number {
  let value = 0;
  let octets = 0;
  let i = start;
  while (i < end) {
    const first = i;
    let octet = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < 0x30 || c > 0x39) break;
      octet = octet * 10 + (c - 0x30);
      i++;
    }
    const digits = i - first;
    if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && text.charCodeAt(first) === 0x30)) return NOT_IP;
    value = value * 256 + octet;
    octets++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 0x2e || octets === 4) return NOT_IP;
    i++;
    if (i === end) return NOT_IP; // trailing dot
  }
  return octets === 4 ? value : NOT_IP;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** RFC 4291 §2.2 text forms: up to eight groups, one `::`, an optional dotted IPv4 tail. Fills {@link IPV6_WORDS}. */
function parseIpv6(text: string, start: number, end: number): boolean {
  const groups: number[] = [];
  let gap = -1; // index in `groups` where `::` stands
  let i = start;
  if (text.charCodeAt(i) === 0x3a) {
    if (text.charCodeAt(i + 1) !== 0x3a) return false;
    gap = 0;
    i += 2;
  }
  while (i < end) {
    let value = 0;
    let digits = 0;
    const first = i;
    while (i < end && digits <= 4) {
      const d = hexDigit(text.charCodeAt(i));
      if (d < 0) break;
      value = value * 16 + d;
      digits++;
      i++;
    }
    if (i < end && text.charCodeAt(i) === 0x2e) {
      // The IPv4 tail holds the last 32 bits.
      const v4 = parseIpv4(text, first, end);
      if (v4 < 0 || groups.length > 6) return false;
      groups.push(v4 >>> 16, v4 & 0xffff);
      i = end;
      break;
    }
    if (digits === 0 || digits > 4) return false;
    groups.push(value);
    if (i === end) break;
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    if (text.charCodeAt(i) === 0x3a && i < end) {
      if (gap !== -1) return false; // only one `::`
      gap = groups.length;
      i++;
      if (i === end) break;
    } else if (i === end) {
      return false; // a single trailing colon
    }
  }
  if (gap === -1 ? groups.length !== 8 : groups.length > 7) return false;
  const words = new Array<number>(8).fill(0);
  const tail = gap === -1 ? 0 : groups.length - gap;
  for (let g = 0; g < groups.length; g++) {
    const at = gap === -1 || g < gap ? g : 8 - tail + (g - gap);
    words[at] = groups[g]!;
  }
  for (let w = 0; w < 4; w++) IPV6_WORDS[w] = ((words[2 * w]! << 16) | words[2 * w + 1]!) >>> 0;
  return true;
}
