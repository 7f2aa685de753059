/** @module The contract between the suite, the server under test (a {@link Target}) and the scenarios. */
import type { Application } from '@tsgi/spec';
import type { RawH1Client, ReadOptions, ReadResponse } from './clients/raw-h1.js';
import type { CaptureLogger, ConformanceLogger } from './logger.js';

/** Protocols a scenario can run over. */
export type Protocol = 'http/1.1';

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
}

/** A server started by a target. */
export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** Graceful shutdown; settles when the server (and its lifespan shutdown) is done. */
  close(): Promise<void>;
}

/** A skip entry: which cases or ids are not run against this target, and why. */
export interface SkipEntry {
  /** Case names to skip. */
  readonly cases?: readonly string[];
  /** Skip every case that checks one of these ids. */
  readonly ids?: readonly string[];
  /** Why; required and non-empty (a skip without a reason is a suite error). */
  readonly reason: string;
}

/** The server under test. The suite never imports a server; a thin test file passes one in as a target. */
export interface Target {
  /** Shown in test names. */
  readonly name: string;
  /** Protocols the target speaks. Default `['http/1.1']`. */
  readonly protocols?: readonly Protocol[];
  /** Starts a server for `app` listening on a free local port. Rejects when lifespan startup fails. */
  start(app: Application, options: TargetStartOptions): Promise<RunningServer>;
  /** Scenarios not run against this target, each with a reason. */
  readonly skip?: readonly SkipEntry[];
}

/** A started server as a scenario sees it. */
export interface Started extends RunningServer {
  /** The capturing logger the server was started with. */
  readonly log: CaptureLogger;
  /** Opens a raw connection (closed by the suite after the scenario). */
  connect(): Promise<RawH1Client>;
  /** Sends `raw` on a fresh connection and reads one response. */
  request(raw: string | Uint8Array, options?: ReadOptions): Promise<ReadResponse>;
}

/** What a scenario gets. */
export interface CaseContext {
  /** The protocol this run uses. */
  readonly protocol: Protocol;
  /** Starts the target with `app`; the suite closes it after the scenario (unless the scenario did). */
  start(app: Application, options?: Omit<TargetStartOptions, 'logger'>): Promise<Started>;
}

/** One scenario: data plus a run function. */
export interface ConformanceCase {
  /** Unique, readable name. */
  readonly name: string;
  /** Spec requirement ids this scenario checks (every one must be defined in spec/*.md). */
  readonly ids: readonly string[];
  /** Why there is no id, when `ids` is empty (behaviour the spec leaves to servers but users rely on). */
  readonly note?: string;
  /** Protocols the scenario applies to. Default `['http/1.1']`. */
  readonly protocols?: readonly Protocol[];
  /** Per-scenario test timeout, ms (default the runner's). */
  readonly timeoutMs?: number;
  run(ctx: CaseContext): Promise<void>;
}

/** Scenarios of one topic. */
export interface CaseGroup {
  readonly topic: string;
  readonly cases: readonly ConformanceCase[];
}
