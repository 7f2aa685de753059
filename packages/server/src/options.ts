/** @module Options of `serve()`, their defaults, and their validation. */
import type { H1Limits } from '@tsgi/h1';
import { OptionsError } from './errors.js';
import { createConsoleLogger, type Logger } from './logger.js';

/** One access-log entry, handed to a custom access logger. */
export interface AccessLogEntry {
  readonly client: string;
  readonly method: string;
  readonly target: string;
  readonly httpVersion: string;
  readonly status: number;
  /** Response body bytes put on the wire. */
  readonly bytes: number;
  readonly durationMs: number;
}

/** Options of {@link serve}. Every field is optional. */
export interface ServeOptions {
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
  /** HTTP/1.1 parser limits (request line, header bytes and count, body size). */
  limits?: Partial<H1Limits>;
  /** Install SIGINT/SIGTERM handlers that close gracefully. Default `false` (the CLI turns it on). */
  handleSignals?: boolean;
  /** Serve HTTPS: PEM certificate chain and private key (TLS 1.2 or later, ALPN). Default: cleartext. */
  tls?: TlsOptions;
}

/** Certificate and key for HTTPS, as PEM text or bytes (what `node:tls` takes). */
export interface TlsOptions {
  cert: string | Uint8Array;
  key: string | Uint8Array;
  /** Passphrase of an encrypted key. */
  passphrase?: string;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<ServeOptions, 'accessLog' | 'limits' | 'tls'>> & {
  accessLog: ((entry: AccessLogEntry) => void) | null;
  limits: Partial<H1Limits>;
  tls: TlsOptions | null;
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

/** Fills defaults and rejects invalid values with an {@link OptionsError}. */
export function resolveOptions(options: ServeOptions = {}): ResolvedOptions {
  const port = options.port ?? 8000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OptionsError(`port must be 0..65535, got ${port}`);
  const rootPath = options.rootPath ?? '';
  if (rootPath !== '' && (!rootPath.startsWith('/') || rootPath.endsWith('/'))) {
    throw new OptionsError(`rootPath must be "" or start with "/" and not end with "/", got ${JSON.stringify(rootPath)}`);
  }
  if (options.tls !== undefined && (!options.tls.cert || !options.tls.key)) {
    throw new OptionsError('tls needs both cert and key');
  }
  const accessLog = options.accessLog === true ? writeAccessLine : options.accessLog || null;
  return {
    host: options.host ?? '127.0.0.1',
    port,
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
    limits: options.limits ?? {},
    handleSignals: options.handleSignals ?? false,
    tls: options.tls ?? null,
  };
}
