/** @module `serve(app, options)`: start the reference server (spec: SERVER-LAUNCHER). */
import type { Application } from '@tsgi/spec';
import { Lifespan } from './app/lifespan.js';
import { RuleWarnings } from './app/rule-warnings.js';
import { resolveOptions, type ServeOptions } from './options.js';
import type { ServerRuntime } from './runtime.js';
import { Listener, type BoundAddress } from './transport/listener.js';

/** A running server. */
export interface Server {
  /** Where it listens (the real port when 0 was asked for). */
  readonly addresses: readonly BoundAddress[];
  /**
   * Graceful shutdown: stop accepting, finish requests in flight within `shutdownTimeout`, close idle connections,
   * then run lifespan shutdown (spec: SERVER-SHUTDOWN-GRACEFUL, LIFESPAN-SHUTDOWN). Idempotent.
   */
  close(): Promise<void>;
  /** Resolves once the server has closed (by `close()` or a signal). */
  readonly closed: Promise<void>;
}

/**
 * Runs lifespan startup, then listens. Rejects with `StartupFailedError` when the app fails to start, or
 * `ListenError` when the address cannot be bound (lifespan shutdown then runs).
 */
export async function serve(app: Application, options: ServeOptions = {}): Promise<Server> {
  const opts = resolveOptions(options);
  const { logger } = opts;
  const lifespan = new Lifespan(app, logger, opts.lifespanTimeout);
  await lifespan.startup(); // spec LIFESPAN-STARTUP: no connection is accepted before this completes
  const runtime: ServerRuntime = {
    app,
    options: opts,
    logger,
    warnings: new RuleWarnings(logger),
    rootPath: opts.rootPath,
    state: lifespan.state,
    shuttingDown: false,
  };
  const listeners: Listener[] = [];
  const addresses: BoundAddress[] = [];
  try {
    for (const entry of opts.listen) {
      const listener = new Listener(runtime, entry.tls);
      addresses.push(await listener.listen(entry.host, entry.port));
      listeners.push(listener);
    }
  } catch (error) {
    runtime.shuttingDown = true;
    await Promise.all(listeners.map((listener) => listener.close(0)));
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
      if (opts.handleSignals) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      await Promise.all(listeners.map((listener) => listener.close(opts.shutdownTimeout)));
      await lifespan.shutdown();
      markClosed();
    })();
    return closing;
  };
  if (opts.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  return { addresses, close, closed };
}
