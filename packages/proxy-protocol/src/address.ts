/**
 * @module IP address text: strict parsing of the forms a v1 header may carry, and formatting of the bytes a v2
 * header carries, both ending in the text Node's `net` module reports for a peer (so a proxied client looks exactly
 * like a direct one).
 */

/**
 * Whether `text` is a dotted-quad IPv4 address: four decimal numbers 0..255 without leading zeros (a leading zero
 * reads as octal in some parsers, so an address that means two things is refused; Node's `net.isIPv4` agrees).
 */
export function isStrictIPv4(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (!isDecimal(part, 3) || Number(part) > 255) return false;
  }
  return true;
}

/** Whether `text` is 1..`maxDigits` ASCII digits with no leading zero (a lone "0" is fine). */
export function isDecimal(text: string, maxDigits: number): boolean {
  if (text.length === 0 || text.length > maxDigits) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return text.length === 1 || text.charCodeAt(0) !== 0x30;
}

/**
 * Parses IPv6 text (RFC 4291 §2.2: hex groups, one `::`, an optional trailing dotted quad) into its 8 16-bit
 * words, or `null` when it is not one. Zone ids (`%eth0`) are refused: they mean nothing on another host.
 */
export function parseIPv6(text: string): number[] | null {
  if (text.length < 2 || text.length > 45) return null;
  const gap = text.indexOf('::');
  if (gap !== -1 && text.indexOf('::', gap + 1) !== -1) return null;
  const head = gap === -1 ? text : text.slice(0, gap);
  const tail = gap === -1 ? '' : text.slice(gap + 2);
  const front = parseGroups(head, gap === -1);
  const back = gap === -1 ? [] : parseGroups(tail, true);
  if (front === null || back === null) return null;
  if (gap === -1) return front.length === 8 ? front : null;
  const zeros = 8 - front.length - back.length;
  if (zeros < 1) return null;
  return [...front, ...new Array<number>(zeros).fill(0), ...back];
}

/** Colon-separated hex groups; the last may be a dotted quad when `quadAllowed` (it ends the address). */
function parseGroups(text: string, quadAllowed: boolean): number[] | null {
  if (text === '') return [];
  const groups = text.split(':');
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (quadAllowed && i === groups.length - 1 && group.includes('.')) {
      if (!isStrictIPv4(group)) return null;
      const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
      words.push((a << 8) | b, (c << 8) | d);
      continue;
    }
    if (group.length === 0 || group.length > 4 || !/^[0-9a-fA-F]+$/.test(group)) return null;
    words.push(parseInt(group, 16));
  }
  return words;
}

/** Dotted-quad text of 4 bytes at `offset`. */
export function formatIPv4(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** The 8 words of 16 bytes at `offset`, network order. */
export function ipv6Words(bytes: Uint8Array, offset: number): number[] {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[offset + i]! << 8) | bytes[offset + i + 1]!);
  return words;
}

/**
 * The canonical text of an IPv6 address (RFC 5952 §4: lower case, no leading zeros, the longest run of two or more
 * zero words as `::`, the first on a tie), with libuv's choice of a dotted quad for the last 32 bits of
 * IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-compatible (`::a.b.c.d`) addresses: what Node reports for a peer.
 */
export function formatIPv6(words: readonly number[]): string {
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestBase = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  const quad = bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff));
  const end = quad ? 6 : 8;
  let text = '';
  for (let i = 0; i < end; i++) {
    if (i === bestBase) {
      text += '::';
      i += bestLen - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += words[i]!.toString(16);
  }
  if (quad) {
    const w6 = words[6]!;
    const w7 = words[7]!;
    if (!text.endsWith(':')) text += ':';
    text += `${w6 >> 8}.${w6 & 0xff}.${w7 >> 8}.${w7 & 0xff}`;
  }
  return text;
}
