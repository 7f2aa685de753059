/**
 * @module Listen addresses as written on the command line (`--bind`, `--tls-bind`, `TSGI_BIND`, `bind` in a config
 * file): `HOST:PORT`, `[IPV6]:PORT`, `unix:/absolute/path` or `fd://N`, each becoming one `listen[]` entry.
 */
import { Buffer } from 'node:buffer';
import { isIPv4, isIPv6 } from 'node:net';
import { isAbsolute } from 'node:path';
import { InvalidValue, show } from './option-kinds.js';

/** A parsed listen address: a TCP host and port, a Unix socket path, or an inherited file descriptor. */
export type ListenAddress =
  | {
      /** IPv4 address, IPv6 address (without brackets) or host name. */
      host: string;
      /** 0..65535; 0 picks a free port. */
      port: number;
    }
  | {
      /** Absolute path of a Unix domain socket. */
      path: string;
    }
  | {
      /** An inherited, already-listening file descriptor. */
      fd: number;
    };

/** The forms an address may take, for help and errors. */
export const ADDRESS_FORMS = 'HOST:PORT, [IPV6]:PORT, unix:/path or fd://N';

/**
 * Longest Unix socket path Linux accepts: `sockaddr_un.sun_path` is 108 bytes with the terminating NUL (unix(7));
 * a longer one fails at bind time with a less helpful message.
 */
const MAX_UNIX_PATH_BYTES = 107;

/** Host names: dot-separated labels of letters, digits and inner hyphens (RFC 1123 §2.1). */
const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

function bad(text: string, why: string): InvalidValue {
  return new InvalidValue(`${show(text)} is not an address: ${why} (expected ${ADDRESS_FORMS})`);
}

function parsePort(text: string, port: string): number {
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65535) throw bad(text, `the port must be 0..65535, got ${show(port)}`);
  return Number(port);
}

/**
 * Parses one listen address.
 *
 * @throws {InvalidValue} naming the value and what is wrong with it (code `TSGI_CLI_VALUE`).
 */
export function parseAddress(text: string): ListenAddress {
  if (text.startsWith('unix:')) {
    const path = text.slice('unix:'.length);
    if (path.startsWith('//')) throw bad(text, 'write unix:/path, with one slash, as unix:/run/tsgi.sock');
    if (!isAbsolute(path)) throw bad(text, 'a Unix socket path must be absolute');
    if (Buffer.byteLength(path) > MAX_UNIX_PATH_BYTES) {
      throw bad(text, `a Unix socket path is at most ${MAX_UNIX_PATH_BYTES} bytes`);
    }
    return { path };
  }
  if (text.startsWith('fd://')) {
    const fd = text.slice('fd://'.length);
    if (!/^\d{1,10}$/.test(fd) || Number(fd) > 0x7fffffff) throw bad(text, 'a file descriptor is a whole number');
    return { fd: Number(fd) };
  }
  if (text.includes('://')) throw bad(text, 'write HOST:PORT rather than a URL');
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') throw bad(text, 'write an IPv6 address as [IPV6]:PORT');
    const host = text.slice(1, close);
    if (!isIPv6(host)) throw bad(text, `${show(host)} is not an IPv6 address`);
    return { host, port: parsePort(text, text.slice(close + 2)) };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) throw bad(text, 'no port');
  const host = text.slice(0, colon);
  if (host.includes(':')) throw bad(text, 'an IPv6 address goes in brackets, as [::1]:8000');
  if (host === '') throw bad(text, 'no host (use 0.0.0.0 for every IPv4 address, [::] for every IPv6 one)');
  if (!isIPv4(host) && !(HOST_NAME.test(host) && !/^[\d.]+$/.test(host))) {
    throw bad(text, `${show(host)} is not an IPv4 address or a host name`);
  }
  return { host, port: parsePort(text, text.slice(colon + 1)) };
}

/** Writes an address back in the form {@link parseAddress} reads (for messages). */
export function formatAddress(address: ListenAddress): string {
  if ('path' in address) return `unix:${address.path}`;
  if ('fd' in address) return `fd://${address.fd}`;
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
