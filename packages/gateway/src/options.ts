/**
 * @module The options every TSGI server of this repository takes in `serve(app, options)` (spec: SERVER-LAUNCHER),
 * their defaults, and their validation. A server adds its own protocol options on top.
 */
import { OptionsError } from './errors.js';
import { createConsoleLogger, type Logger } from './logger.js';

/** One access-log entry, handed to a custom access logger. */
export interface AccessLogEntry {
  /** The peer as `host:port`, or `-` when unknown. */
  readonly client: string;
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
  /** `true` writes one line per request to stdout; a function receives each entry. Default `false`. */
  accessLog?: boolean | ((entry: AccessLogEntry) => void);
  /** Idle time allowed between requests on a keep-alive connection, ms. Default 5000. */
  keepAliveTimeout?: number;
  /** Time allowed to receive a request's head (request line and headers), ms; then 408. Default 20000. */
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
   * Processes serving the app on this machine, 1 to 1024. Default 1: no cluster. Above 1, `serve()` in the main
   * process becomes a `node:cluster` primary that runs no app code and forks this many workers; each worker re-runs
   * the main script, whose own `serve()` call serves the app (its own lifespan, spec SERVER-WORKERS-LIFESPAN).
   */
  workers?: number;
}

/** One address to listen on. */
export interface ListenOptions {
  /** Address to bind. Default: the top-level `host`, else `127.0.0.1`. */
  host?: string;
  /** Port to bind, 0 to 65535; `0` picks a free one. Default: the top-level `port`, else `8000`. */
  port?: number;
  /** HTTPS on this listener. */
  tls?: TlsOptions;
}

/** A listener with its defaults filled in. */
export interface ResolvedListen {
  /** Address to bind. */
  readonly host: string;
  /** Port to bind; `0` means a free one is picked when listening. */
  readonly port: number;
  /** Certificate and key for HTTPS, or `null` for cleartext. */
  readonly tls: TlsOptions | null;
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
export type ResolvedGatewayOptions = Required<Omit<GatewayOptions, 'accessLog' | 'tls' | 'listen' | 'host' | 'port'>> & {
  /** Where access-log entries go; `null` when the access log is off. */
  accessLog: ((entry: AccessLogEntry) => void) | null;
  /** The listeners, at least one; a single one from `host`/`port`/`tls` when `listen` is not given. */
  listen: ResolvedListen[];
};

function writeAccessLine(e: AccessLogEntry): void {
  process.stdout.write(
    `${e.client} - "${e.method} ${e.target} HTTP/${e.httpVersion}" ${e.status} ${e.bytes} ${e.durationMs.toFixed(1)}ms\n`,
  );
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new OptionsError(`${name} must be a positive number, got ${value}`);
  return value;
}

function resolveListen(entry: ListenOptions, defaults: GatewayOptions): ResolvedListen {
  const port = entry.port ?? defaults.port ?? 8000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OptionsError(`port must be 0..65535, got ${port}`);
  const tls = entry.tls ?? defaults.tls ?? null;
  if (tls !== null && (!tls.cert || !tls.key)) throw new OptionsError('tls needs both cert and key');
  return { host: entry.host ?? defaults.host ?? '127.0.0.1', port, tls };
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
  const accessLog = options.accessLog === true ? writeAccessLine : options.accessLog || null;
  return {
    listen,
    rootPath,
    logger: options.logger ?? createConsoleLogger('info'),
    accessLog,
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
