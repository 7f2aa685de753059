/**
 * @module The `trustedProxies` option, parsed once into integer ranges: which peers may tell the server who the
 * client is (spec SERVER-PROXY-TRUST).
 */
import { OptionsError } from '../errors.js';
import { IPV6_WORDS, IS_IPV6, NOT_IP, parseIp } from './ip.js';

/** The entry of `trustedProxies` that trusts peers on Unix domain sockets. */
export const UNIX_PEER = 'unix';

/**
 * The peers whose forwarding headers are believed. Built once from the option; {@link trusts} costs one address
 * parse and a few integer comparisons per range.
 */
export class ProxyTrust {
  /** IPv4 ranges as `[network, mask]` pairs, flattened. */
  readonly #v4: number[] = [];
  /** IPv6 ranges as four network words then four mask words, flattened. */
  readonly #v6: number[] = [];
  /** Peers on Unix sockets (the word `unix`) are trusted. */
  readonly unix: boolean;

  /** Throws an {@link OptionsError} naming the first entry that is neither an address, a CIDR range nor `unix`. */
  constructor(entries: readonly string[]) {
    let unix = false;
    for (const entry of entries) {
      if (entry === UNIX_PEER) unix = true;
      else this.#add(entry);
    }
    this.unix = unix;
  }

  #add(entry: string): void {
    const bad = (why: string): OptionsError =>
      new OptionsError(`trustedProxies: ${JSON.stringify(entry)} is not an IP address, a CIDR range or "unix" (${why})`);
    if (typeof entry !== 'string') throw bad('not a string');
    const slash = entry.indexOf('/');
    const text = slash === -1 ? entry : entry.slice(0, slash);
    const ip = text.includes('%') ? NOT_IP : parseIp(text);
    if (ip === NOT_IP) throw bad('bad address');
    const mapped = ip !== IS_IPV6 && text.includes(':');
    const bits = ip === IS_IPV6 || mapped ? 128 : 32;
    let prefix = bits;
    if (slash !== -1) {
      const digits = entry.slice(slash + 1);
      if (!/^(0|[1-9][0-9]{0,2})$/.test(digits) || Number(digits) > bits) throw bad(`prefix must be 0..${bits}`);
      prefix = Number(digits);
    }
    if (ip !== IS_IPV6) {
      // An IPv4-mapped range (`::ffff:10.0.0.0/104`) is the IPv4 range it maps, as peers are matched as IPv4.
      if (mapped) {
        if (prefix < 96) throw bad('an IPv4-mapped range needs a prefix of at least 96');
        prefix -= 96;
      }
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      this.#v4.push((ip & mask) >>> 0, mask); // host bits set (`10.0.0.1/8`) are cleared, as nginx's set_real_ip_from does
      return;
    }
    const net: number[] = [];
    const masks: number[] = [];
    for (let w = 0; w < 4; w++) {
      const take = Math.max(0, Math.min(32, prefix - 32 * w));
      const mask = take === 0 ? 0 : (0xffffffff << (32 - take)) >>> 0;
      masks.push(mask);
      net.push((IPV6_WORDS[w]! & mask) >>> 0);
    }
    this.#v6.push(...net, ...masks);
  }

  /** Whether a peer at `address` (IPv4 or IPv6 text, no brackets or port) is trusted. */
  trusts(address: string): boolean {
    const ip = parseIp(address);
    if (ip === NOT_IP) return false;
    if (ip !== IS_IPV6) {
      const v4 = this.#v4;
      for (let i = 0; i < v4.length; i += 2) if ((ip & v4[i + 1]!) >>> 0 === v4[i]) return true;
      return false;
    }
    const v6 = this.#v6;
    const w = IPV6_WORDS;
    for (let i = 0; i < v6.length; i += 8) {
      if (
        (w[0]! & v6[i + 4]!) >>> 0 === v6[i] &&
        (w[1]! & v6[i + 5]!) >>> 0 === v6[i + 1] &&
        (w[2]! & v6[i + 6]!) >>> 0 === v6[i + 2] &&
        (w[3]! & v6[i + 7]!) >>> 0 === v6[i + 3]
      ) {
        return true;
      }
    }
    return false;
  }
}
