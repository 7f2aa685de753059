/**
 * @module The life of a server process, the same for every server: lifespan startup, then listening, then on
 * `close()` or a signal a graceful drain and lifespan shutdown (spec: LIFESPAN-STARTUP, SERVER-SHUTDOWN-GRACEFUL,
 * LIFESPAN-SHUTDOWN). A server supplies only how to open its listeners.
 */
import type { Application } from '@tsgi/spec';
import { Lifespan } from './app/lifespan.js';
import { RuleWarnings } from './app/rule-warnings.js';
import { superviseWorkers } from './cluster/supervisor.js';
import { isClusterWorker, WorkerLink, workerLogger } from './cluster/worker.js';
import type { ResolvedGatewayOptions } from './options.js';
import type { GatewayRuntime } from './runtime.js';
import { ProxyTrust } from './proxy/trust.js';

/** A bound address. */
export interface BoundAddress {
  /** The address actually bound, as the socket reports it (e.g. `127.0.0.1`, `::1`); `''` for a Unix socket. */
  readonly host: string;
  /** The port actually bound: the real one when `0` was asked for; `0` for a Unix socket. */
  readonly port: number;
  /** HTTPS (h2 and HTTP/1.1 by ALPN) rather than cleartext (HTTP/1.1 and h2c by prior knowledge). */
  readonly tls: boolean;
  /** The Unix domain socket path (a `path` listener, or an inherited `fd` of a Unix socket), else `null`. */
  readonly path: string | null;
  /** The inherited file descriptor of an `fd` listener, else `null`. */
  readonly fd: number | null;
}

/** A running server (spec: SERVER-LAUNCHER). */
export interface Server {
  /** Where it listens (the real port when 0 was asked for). */
  readonly addresses: readonly BoundAddress[];
  /**
   * Graceful shutdown: stop accepting, finish requests in flight within `shutdownTimeout`, close idle connections,
   * then run lifespan shutdown. Idempotent.
   */
  close(): Promise<void>;
  /** Resolves once the server has closed (by `close()` or a signal). */
  readonly closed: Promise<void>;
  /**
   * Rolling restart, present in cluster mode (`workers` > 1, in the primary): each worker in turn is replaced by a
   * fresh one (re-running the main script, so new code is loaded), which must listen before the old one drains.
   * Connections keep being accepted throughout. Resolves when done; SIGHUP does the same with `handleSignals`.
   */
  reload?(): Promise<void>;
}

/** What a server's listeners look like to {@link launch}. */
export interface Listening {
  /** The bound addresses, one per listener, in the order of the `listen` entries. */
  readonly addresses: readonly BoundAddress[];
  /** Stop accepting, drain within `timeoutMs`, then close what is left. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Runs lifespan startup, then `open` (which binds the listeners; if it throws, lifespan shutdown runs and the
 * error is rethrown). `runtime` is the object every session shares; `extra` adds a server's own fields to it.
 */
export async function launch<E extends object>(
  app: Application,
  options: ResolvedGatewayOptions,
  extra: E,
  open: (runtime: GatewayRuntime & E) => Promise<Listening>,
): Promise<Server> {
  // Cluster mode: the primary only supervises; each worker re-runs the same serve() and lands below.
  if (options.workers > 1 && !isClusterWorker(options.workers)) return superviseWorkers(options);
  if (!isClusterWorker(options.workers)) return launchProcess(app, options, extra, open);
  const logger = workerLogger(options.logger);
  const link = new WorkerLink(logger, options.handleSignals); // signals are the primary's to act on
  try {
    const server = await launchProcess(app, { ...options, logger, handleSignals: false }, extra, open);
    link.started(server);
    return server;
  } catch (error) {
    link.failed(error);
    throw error;
  }
}

/** The single-process server: what `launch` runs when not in cluster mode, and in each worker. */
async function launchProcess<E extends object>(
  app: Application,
  options: ResolvedGatewayOptions,
  extra: E,
  open: (runtime: GatewayRuntime & E) => Promise<Listening>,
): Promise<Server> {
  const { logger } = options;
  const lifespan = new Lifespan(app, logger, options.lifespanTimeout);
  await lifespan.startup(); // spec LIFESPAN-STARTUP: no connection is accepted before this completes
  const runtime: GatewayRuntime & E = Object.assign(
    {
      app,
      options,
      logger,
      warnings: new RuleWarnings(logger),
      rootPath: options.rootPath,
      // Parsed once here; `null` keeps scope building free of any proxy work when nothing is trusted.
      proxy:
        options.trustedProxies.length === 0
          ? null
          : { trust: new ProxyTrust(options.trustedProxies), family: options.proxyHeaders },
      state: lifespan.state,
      shuttingDown: false,
    },
    extra,
  );
  let listening: Listening;
  try {
    listening = await open(runtime);
  } catch (error) {
    runtime.shuttingDown = true;
    await lifespan.shutdown();
    throw error;
  }

  let closing: Promise<void> | null = null;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info(`${signal} received: shutting down gracefully`);
    void close();
  };
  const close = (): Promise<void> => {
    closing ??= (async () => {
      runtime.shuttingDown = true;
      if (options.handleSignals) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      await listening.close(options.shutdownTimeout);
      await lifespan.shutdown();
      markClosed();
    })();
    return closing;
  };
  if (options.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { addresses: listening.addresses, close, closed };
}
