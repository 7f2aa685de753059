/** @module The contract between the suite, the server under test (a {@link Target}) and the scenarios. */
import type { Application } from '@tsgi/spec';
import type { ClientConnection, HttpReply, HttpRequestSpec, OpenOptions, ClientExchange } from './clients/exchange.js';
import type { RawH2Client, RawH2Options } from './clients/raw-h2.js';
import type { RawH1Client, ReadOptions, ReadResponse } from './clients/raw-h1.js';
import type { ClientHttp2Session } from 'node:http2';
import type { CaptureLogger, ConformanceLogger } from './logger.js';

/**
 * Protocols a scenario can run over: `h1` HTTP/1.1 on cleartext, `h1-tls` HTTP/1.1 over TLS (ALPN `http/1.1`),
 * `h2` HTTP/2 over TLS (ALPN `h2`), `h2c` HTTP/2 on cleartext by prior knowledge.
 */
export type Protocol = 'h1' | 'h1-tls' | 'h2' | 'h2c';

/** Every protocol, in the order tests are registered. */
export const ALL_PROTOCOLS: readonly Protocol[] = ['h1', 'h1-tls', 'h2', 'h2c'];

/** Whether a protocol is HTTP/2. */
export function isH2(protocol: Protocol): boolean {
  return protocol === 'h2' || protocol === 'h2c';
}

/** Whether a protocol runs over TLS. */
export function isTls(protocol: Protocol): boolean {
  return protocol === 'h2' || protocol === 'h1-tls';
}

/** PEM certificate and key the suite ships (test-only) and hands to every target for its TLS listener. */
export interface TlsCredentials {
  /** The certificate, PEM. */
  readonly cert: string;
  /** Its private key, PEM. */
  readonly key: string;
}

/** Options a scenario asks the target to start its server with; a target maps them to its own options. */
export interface TargetStartOptions {
  /** The mount prefix (spec: HTTP-SCOPE-PATH-ROOT). */
  readonly rootPath?: string;
  /** Time allowed to receive a request head, ms. */
  readonly headersTimeout?: number;
  /** Idle time allowed between requests on a keep-alive connection, ms. */
  readonly keepAliveTimeout?: number;
  /** Time allowed between request body bytes, ms. */
  readonly bodyTimeout?: number;
  /** Graceful shutdown deadline, ms (spec: SERVER-SHUTDOWN-GRACEFUL). */
  readonly shutdownTimeout?: number;
  /** Where the server logs; always set by the suite (a capturing logger). */
  readonly logger: ConformanceLogger;
  /**
   * Certificate and key for a TLS listener (h2 and http/1.1 by ALPN); always set by the suite. A target that has
   * no TLS listener ignores them and leaves {@link RunningServer.tls} unset.
   */
  readonly tls: TlsCredentials;
}

/** Where a listener is. */
export interface Origin {
  /** Host name or address a client connects to. */
  readonly host: string;
  /** TCP port of the listener. */
  readonly port: number;
}

/** A TLS listener: where it is and the CA certificate (PEM) a client must trust to reach it. */
export interface TlsOrigin extends Origin {
  /** CA certificate (PEM) to trust; for a self-signed listener, its own certificate. */
  readonly ca: string;
}

/** A server started by a target: one origin per kind of listener it opened. */
export interface RunningServer {
  /** The cleartext listener serving HTTP/1.1 (protocol `h1`). */
  readonly h1?: Origin;
  /** The cleartext listener serving HTTP/2 by prior knowledge (protocol `h2c`). Default: {@link h1}. */
  readonly h2c?: Origin;
  /** The TLS listener serving h2 and http/1.1 by ALPN (protocols `h2`, `h1-tls`). */
  readonly tls?: TlsOrigin;
  /** Graceful shutdown; settles when the server (and its lifespan shutdown) is done. */
  close(): Promise<void>;
  /**
   * Whether the server logs to the logger it was given. Default `true`; `false` (a server in another process)
   * makes scenarios that check the log skip.
   */
  readonly sharesLog?: boolean;
}

/** A skip entry: which cases or ids are not run against this target, and why. */
export interface SkipEntry {
  /** Case names to skip. */
  readonly cases?: readonly string[];
  /** Skip every case that checks one of these ids. */
  readonly ids?: readonly string[];
  /** Only on these protocols. Default: every protocol. */
  readonly protocols?: readonly Protocol[];
  /** Why; required and non-empty (a skip without a reason is a suite error). */
  readonly reason: string;
}

/** The server under test. The suite never imports a server; a thin test file passes one in as a target. */
export interface Target {
  /** Shown in test names. */
  readonly name: string;
  /** Protocols the target speaks. Default: all of {@link ALL_PROTOCOLS}. */
  readonly protocols?: readonly Protocol[];
  /** Starts a server for `app` on free local ports. Rejects when lifespan startup fails. */
  start(app: Application, options: TargetStartOptions): Promise<RunningServer>;
  /** Scenarios not run against this target, each with a reason. */
  readonly skip?: readonly SkipEntry[];
}

/** A started server as a scenario sees it; every client it opens speaks the scenario's protocol. */
export interface Started extends RunningServer {
  /** The origin of this run's protocol. */
  readonly origin: Origin;
  /** The capturing logger the server was started with. */
  readonly log: CaptureLogger;
  /** Sends one request on a fresh connection and reads the whole answer (any protocol). */
  fetch(request?: HttpRequestSpec, options?: { timeoutMs?: number }): Promise<HttpReply>;
  /** Opens a request whose body the scenario streams, on a fresh connection (any protocol). */
  open(request?: HttpRequestSpec, options?: OpenOptions): Promise<ClientExchange>;
  /** Opens one connection for several requests (keep-alive on HTTP/1.1, streams of one session on HTTP/2). */
  connection(): Promise<ClientConnection>;
  /** HTTP/1.x only: opens a raw connection (over TLS for `h1-tls`). */
  connect(): Promise<RawH1Client>;
  /** HTTP/1.x only: sends `raw` on a fresh connection and reads one response. */
  request(raw: string | Uint8Array, options?: ReadOptions): Promise<ReadResponse>;
  /** HTTP/2 only: a frame-level client (preface and SETTINGS sent). */
  rawH2(options?: Omit<RawH2Options, 'tls'>): Promise<RawH2Client>;
  /** HTTP/2 only: a `node:http2` session. */
  h2session(): Promise<ClientHttp2Session>;
}

/** What a scenario gets. */
export interface CaseContext {
  /** The protocol this run uses. */
  readonly protocol: Protocol;
  /** Starts the target with `app`; the suite closes it after the scenario (unless the scenario did). */
  start(app: Application, options?: Omit<TargetStartOptions, 'logger' | 'tls'>): Promise<Started>;
}

/** One scenario: data plus a run function. */
export interface ConformanceCase {
  /** Unique, readable name. */
  readonly name: string;
  /** Spec requirement ids this scenario checks (every one must be defined in spec/*.md). */
  readonly ids: readonly string[];
  /** Why there is no id, when `ids` is empty (behaviour the spec leaves to servers but users rely on). */
  readonly note?: string;
  /** Protocols the scenario applies to. Default `['h1']`. */
  readonly protocols?: readonly Protocol[];
  /** Per-scenario test timeout, ms (default the runner's). */
  readonly timeoutMs?: number;
  /** Runs the scenario against a started server; throws (an assertion) when the server fails it. */
  run(ctx: CaseContext): Promise<void>;
}

/** Scenarios of one topic. */
export interface CaseGroup {
  /** Topic name; the `describe()` block the cases are registered under. */
  readonly topic: string;
  /** The scenarios of this topic, in registration order. */
  readonly cases: readonly ConformanceCase[];
}
