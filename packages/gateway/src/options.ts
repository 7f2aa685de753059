/**
 * @module The options every TSGI server of this repository takes in `serve(app, options)` (spec: SERVER-LAUNCHER),
 * their defaults, and their validation. A server adds its own protocol options on top.
 */
import { OptionsError } from './errors.js';
import { createConsoleLogger, type Logger } from './logger.js';
import { isAccessLogFormat, stdoutAccessLog, type AccessLogFormat } from './access-log-format.js';
import { ProxyTrust } from './proxy/trust.js';
import type { ProxyHeaderFamily } from './proxy/resolve.js';

/** One access-log entry, handed to a custom access logger. */
export interface AccessLogEntry {
  /** When the request started (its head was read). */
  readonly time: Date;
  /**
   * The client as `address:port` (`[address]:port` for IPv6), or `-` when unknown: the scope's client, so the one
   * trusted proxy headers named (spec SERVER-PROXY-CHAIN), else the peer.
   */
  readonly client: string;
  /** The client's address alone (the NCSA `host` field), or `null` when unknown. */
  readonly clientAddress: string | null;
  /** The request method as received. */
  readonly method: string;
  /** The request target as received (path and query, not decoded). */
  readonly target: string;
  /** HTTP version without the `HTTP/` prefix: `"1.0"`, `"1.1"` or `"2"`. */
  readonly httpVersion: string;
  /** Status code of the response (500 when the server answered for a failed app). */
  readonly status: number;
  /** Response body bytes put on the wire. */
  readonly bytes: number;
  /** Time from the start of the request to the end of its response, ms (fractional). */
  readonly durationMs: number;
  /** The first `referer` field, as a byte string, or `null`. */
  readonly referer: string | null;
  /** The first `user-agent` field, as a byte string, or `null`. */
  readonly userAgent: string | null;
  /** The first `host` field (on HTTP/2 `:authority`; behind trusted proxies the forwarded host), or `null`. */
  readonly host: string | null;
}

/** Options shared by every server's `serve()`. Every field is optional. */
export interface GatewayOptions {
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port to bind; `0` picks a free one (see `Server.addresses`). Default `8000`. */
  port?: number;
  /** The prefix the app is mounted under (spec: HTTP-SCOPE-PATH-ROOT). Default `""`. */
  rootPath?: string;
  /** Where server messages go. Default: a console logger at `info`. */
  logger?: Logger;
  /**
   * One line per request to stdout in a format: `'common'` (NCSA), `'combined'` (common plus referer and user
   * agent), `'json'`; each CLF line ends with the request time in seconds. `true` means `'combined'`. A function
   * receives each entry instead. Default `false`.
   */
  accessLog?: boolean | AccessLogFormat | ((entry: AccessLogEntry) => void);
  /**
   * Peers whose forwarding headers are believed (spec SERVER-PROXY-TRUST): IPv4/IPv6 addresses and CIDR ranges
   * (`"127.0.0.1"`, `"10.0.0.0/8"`, `"::1"`, `"fd00::/8"`), and `"unix"` for peers on Unix sockets. An
   * IPv4-mapped IPv6 peer (`::ffff:127.0.0.1`) is matched as IPv4. Default `[]`: nothing is trusted and the
   * headers are not read at all.
   */
  trustedProxies?: string[];
  /**
   * Which header family the trusted proxies set: `'x-forwarded'` (`X-Forwarded-For`, `-Proto`, `-Host`) or
   * `'forwarded'` (RFC 7239). Only that family is read: a proxy that sets one passes a client's other one through.
   * Default `'x-forwarded'`.
   */
  proxyHeaders?: ProxyHeaderFamily;
  /** Idle time allowed between requests on a keep-alive connection, ms. Default 5000. */
  keepAliveTimeout?: number;
  /**
   * Time allowed to receive a request's head (request line and headers), ms; then 408 (a connection that sent
   * nothing is just closed). It also bounds the wait for a new connection's first bytes, on TLS listeners before
   * the handshake. Default 20000.
   */
  headersTimeout?: number;
  /** Time allowed between request-body bytes while the app waits for them, ms; then 408. Default 30000. */
  bodyTimeout?: number;
  /** How long `close()` lets in-flight requests run before closing their connections, ms. Default 10000. */
  shutdownTimeout?: number;
  /** How long lifespan startup and shutdown may each take, ms. Default 30000. */
  lifespanTimeout?: number;
  /** Request body bytes buffered ahead of the app (spec: FLOW-RECEIVE-PULL). Default 65536. */
  readBufferBytes?: number;
  /** Response bytes buffered before `send()` waits for the socket (spec: FLOW-SEND-BACKPRESSURE). Default 65536. */
  writeBufferBytes?: number;
  /** Install SIGINT/SIGTERM handlers that close gracefully. Default `false` (the CLI turns it on). */
  handleSignals?: boolean;
  /** Serve HTTPS on `host`/`port`: PEM certificate chain and private key (TLS 1.2 or later, ALPN). Default: cleartext. */
  tls?: TlsOptions;
  /**
   * Several listeners, e.g. h2c and HTTP/1.1 on 8000 and HTTPS on 8443. When given, `host`, `port` and `tls` are
   * only defaults for the entries.
   */
  listen?: ListenOptions[];
  /**
   * Expect a PROXY protocol header (v1 or v2, from HAProxy, nginx `proxy_protocol`, a cloud load balancer) first on
   * every connection, and take the client address from it (spec: SERVER-PROXY-PROTOCOL). Only for listeners that
   * nothing but such a proxy can reach. Default `false`; the default of each `listen` entry.
   */
  proxyProtocol?: boolean;
  /**
   * Processes serving the app on this machine, 1 to 1024. Default 1: no cluster. Above 1, `serve()` in the main
   * process becomes a `node:cluster` primary that runs no app code and forks this many workers; each worker re-runs
   * the main script, whose own `serve()` call serves the app (its own lifespan, spec LIFESPAN-PER-PROCESS).
   */
  workers?: number;
}

/**
 * One address to listen on: TCP (`host`/`port`), a Unix domain socket (`path`), or an inherited listening socket
 * (`fd`); exactly one of the three.
 */
export interface ListenOptions {
  /** Address to bind, IPv4 or IPv6 (e.g. `::1`, `::`). Default: the top-level `host`, else `127.0.0.1`. */
  host?: string;
  /** Port to bind, 0 to 65535; `0` picks a free one. Default: the top-level `port`, else `8000`. */
  port?: number;
  /**
   * A Unix domain socket to create. A socket file left by a crashed server (nothing answers on it) is removed; any
   * other existing file is an error. The file gets the process's umask; control access with the permissions of
   * its directory. Removed again on close.
   */
  path?: string;
  /**
   * An inherited file descriptor of a socket that is already bound (and usually listening), e.g. passed by
   * systemd socket activation (`LISTEN_FDS`, the first is 3) or a supervisor. TCP or Unix.
   */
  fd?: number;
  /** HTTPS on this listener. */
  tls?: TlsOptions;
  /** Expect a PROXY protocol header first on each connection. Default: the top-level `proxyProtocol`, else `false`. */
  proxyProtocol?: boolean;
}

/** A listener with its defaults filled in. */
export interface ResolvedListen {
  /** Address to bind; `''` for a `path` or `fd` listener. */
  readonly host: string;
  /** Port to bind; `0` means a free one is picked when listening (and for a `path` or `fd` listener). */
  readonly port: number;
  /** Unix domain socket path, or `null`. */
  readonly path: string | null;
  /** Inherited file descriptor, or `null`. */
  readonly fd: number | null;
  /** Certificate and key for HTTPS, or `null` for cleartext. */
  readonly tls: TlsOptions | null;
  /** Whether each connection starts with a PROXY protocol header. */
  readonly proxyProtocol: boolean;
}

/** Certificate and key for HTTPS, as PEM text or bytes (what `node:tls` takes). */
export interface TlsOptions {
  /** Certificate chain, PEM (text or bytes). */
  cert: string | Uint8Array;
  /** Private key, PEM (text or bytes). */
  key: string | Uint8Array;
  /** Passphrase of an encrypted key. */
  passphrase?: string;
}

/** Options with every default filled in. */
export type ResolvedGatewayOptions = Required<Omit<GatewayOptions, 'accessLog' | 'tls' | 'listen' | 'host' | 'port' | 'proxyProtocol'>> & {
  /** Where access-log entries go; `null` when the access log is off. */
  accessLog: ((entry: AccessLogEntry) => void) | null;
  /** The listeners, at least one; a single one from `host`/`port`/`tls` when `listen` is not given. */
  listen: ResolvedListen[];
};

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new OptionsError(`${name} must be a positive number, got ${value}`);
  return value;
}

function resolveListen(entry: ListenOptions, defaults: GatewayOptions): ResolvedListen {
  const tls = entry.tls ?? defaults.tls ?? null;
  if (tls !== null && (!tls.cert || !tls.key)) throw new OptionsError('tls needs both cert and key');
  const proxyProtocol = entry.proxyProtocol ?? defaults.proxyProtocol ?? false;
  if (typeof proxyProtocol !== 'boolean') throw new OptionsError(`proxyProtocol must be true or false, got ${proxyProtocol}`);
  const given = [entry.host !== undefined || entry.port !== undefined, entry.path !== undefined, entry.fd !== undefined];
  if (given.filter(Boolean).length > 1) {
    throw new OptionsError(`a listen entry takes exactly one of host/port, path, fd; got ${JSON.stringify(entry, ['host', 'port', 'path', 'fd'])}`);
  }
  if (entry.path !== undefined) {
    // A NUL would select Linux's abstract namespace (no file, no permissions): not supported.
    if (typeof entry.path !== 'string' || entry.path === '' || entry.path.includes('\0')) {
      throw new OptionsError(`path must be a non-empty file path, got ${JSON.stringify(entry.path)}`);
    }
    return { host: '', port: 0, path: entry.path, fd: null, tls, proxyProtocol };
  }
  if (entry.fd !== undefined) {
    if (!Number.isInteger(entry.fd) || entry.fd < 0) throw new OptionsError(`fd must be a non-negative integer, got ${entry.fd}`);
    return { host: '', port: 0, path: null, fd: entry.fd, tls, proxyProtocol };
  }
  const port = entry.port ?? defaults.port ?? 8000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OptionsError(`port must be 0..65535, got ${port}`);
  const host = entry.host ?? defaults.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw new OptionsError(`host must be a non-empty string, got ${JSON.stringify(host)}`);
  return { host, port, path: null, fd: null, tls, proxyProtocol };
}

function resolveAccessLog(option: GatewayOptions['accessLog']): ((entry: AccessLogEntry) => void) | null {
  if (option === undefined || option === false) return null;
  if (option === true) return stdoutAccessLog('combined');
  if (typeof option === 'function') return option;
  if (isAccessLogFormat(option)) return stdoutAccessLog(option);
  throw new OptionsError(`accessLog must be a boolean, "common", "combined", "json" or a function, got ${JSON.stringify(option)}`);
}

function resolveTrustedProxies(option: string[] | undefined): string[] {
  if (option === undefined) return [];
  if (!Array.isArray(option)) throw new OptionsError('trustedProxies must be an array of addresses, CIDR ranges or "unix"');
  const list = option.map((entry) => (typeof entry === 'string' ? entry.trim() : entry));
  new ProxyTrust(list); // throws an OptionsError naming the first bad entry
  return list;
}

function workerCount(value: number | undefined): number {
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || value < 1 || value > 1024) throw new OptionsError(`workers must be an integer 1..1024, got ${value}`);
  return value;
}

/** Fills defaults and rejects invalid values with an {@link OptionsError}. */
export function resolveGatewayOptions(options: GatewayOptions = {}): ResolvedGatewayOptions {
  const entries = options.listen ?? [{}];
  if (entries.length === 0) throw new OptionsError('listen must name at least one address');
  const listen = entries.map((entry) => resolveListen(entry, options));
  const rootPath = options.rootPath ?? '';
  if (rootPath !== '' && (!rootPath.startsWith('/') || rootPath.endsWith('/'))) {
    throw new OptionsError(`rootPath must be "" or start with "/" and not end with "/", got ${JSON.stringify(rootPath)}`);
  }
  const proxyHeaders = options.proxyHeaders ?? 'x-forwarded';
  if (proxyHeaders !== 'x-forwarded' && proxyHeaders !== 'forwarded') {
    throw new OptionsError(`proxyHeaders must be "x-forwarded" or "forwarded", got ${JSON.stringify(proxyHeaders)}`);
  }
  return {
    listen,
    rootPath,
    logger: options.logger ?? createConsoleLogger('info'),
    accessLog: resolveAccessLog(options.accessLog),
    trustedProxies: resolveTrustedProxies(options.trustedProxies),
    proxyHeaders,
    keepAliveTimeout: positive('keepAliveTimeout', options.keepAliveTimeout, 5_000),
    headersTimeout: positive('headersTimeout', options.headersTimeout, 20_000),
    bodyTimeout: positive('bodyTimeout', options.bodyTimeout, 30_000),
    shutdownTimeout: positive('shutdownTimeout', options.shutdownTimeout, 10_000),
    lifespanTimeout: positive('lifespanTimeout', options.lifespanTimeout, 30_000),
    readBufferBytes: positive('readBufferBytes', options.readBufferBytes, 65_536),
    writeBufferBytes: positive('writeBufferBytes', options.writeBufferBytes, 65_536),
    handleSignals: options.handleSignals ?? false,
    workers: workerCount(options.workers),
  };
}
