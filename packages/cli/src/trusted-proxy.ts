/** @module Entries of `--trusted-proxy`: an IP address, a CIDR block, or `unix` for peers on Unix sockets. */
import { isIP } from 'node:net';
import { InvalidValue, show } from './option-kinds.js';

/**
 * Checks one trusted-proxy entry: `127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`, or `unix`. The gateway matches
 * them; the CLI checks them first so a typo is reported with the flag, variable or key it came from.
 *
 * @throws {InvalidValue} naming the entry.
 */
export function checkTrustedProxy(text: string): void {
  if (text === 'unix') return;
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family === 0) {
    throw new InvalidValue(`${show(text)} is not an IP address, a CIDR block (10.0.0.0/8, fd00::/8) or "unix"`);
  }
  if (slash < 0) return;
  const bits = text.slice(slash + 1);
  const max = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) {
    throw new InvalidValue(`${show(text)}: the prefix length of an IPv${family} block must be 0..${max}`);
  }
}
