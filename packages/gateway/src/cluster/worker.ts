/**
 * @module The worker side of cluster mode (`workers > 1`): a worker serves exactly as a single process does, and
 * this link ties its life to the primary. It reports when it listens or fails, and drains when the primary says
 * so. When the primary is gone (the IPC channel disconnects unasked), Node's cluster module exits the worker at
 * once, so no worker outlives its primary; its connections go too (the primary owned the listening sockets).
 *
 * Signals: with `handleSignals`, a worker ignores SIGINT and SIGTERM. Ctrl-C in a terminal, and systemd's default
 * `KillMode=control-group`, signal the whole process group; the primary then drains every worker in order, and a
 * worker that also acted on its own would race the primary (an exit the primary had not asked for is a crash, and
 * crashes are restarted). To recycle workers, signal the primary (SIGHUP: rolling restart).
 */
import cluster from 'node:cluster';
import type { Server as NetServer } from 'node:net';
import type { Server } from '../launch.js';
import type { Logger } from '../logger.js';
import { observeBoundServers } from './bound-servers.js';
import type { ClusterMessage } from './messages.js';
import { isClusterMessage } from './messages.js';

/** Whether this process is a worker that a TSGI primary forked for `workers` > 1. */
export function isClusterWorker(workers: number): boolean {
  return workers > 1 && cluster.isWorker;
}

/** A logger that prefixes every message with the worker's id, so interleaved lines say which process wrote them. */
export function workerLogger(logger: Logger): Logger {
  const prefix = `worker ${cluster.worker?.id ?? '?'}: `;
  return {
    error: (message, error) => logger.error(prefix + message, error),
    warn: (message) => logger.warn(prefix + message),
    info: (message) => logger.info(prefix + message),
    debug: (message) => logger.debug(prefix + message),
  };
}

// A worker whose serve() failed exits on its own once the caller has handled the rejection; this bounds how long
// handles the failed startup left open (a pool, a timer) may keep it alive.
const FAILED_EXIT_GRACE_MS = 2000;

// A drain first stops accepting, then waits this long after the last connection this worker accepted before the
// graceful close (which closes connections that have not begun a request). The primary may have handed this worker
// a connection just before the drain; its request bytes (after a TLS handshake, possibly) come a moment later, and
// without the wait that client would be cut off in the middle of a rolling restart.
const FRESH_CONNECTION_GRACE_MS = 500;

/** Ties one worker's {@link Server} to the primary; create it before lifespan startup so no message is missed. */
export class WorkerLink {
  private server: Server | null = null;
  private stopRequested = false;
  private stopping = false;
  private readonly sockets: NetServer[] = [];
  private lastAcceptedAt = -Infinity;
  private readonly onMessage = (message: unknown): void => {
    if (isClusterMessage(message) && message.tsgi === 'drain') this.requestStop('the primary asked');
  };
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.logger.debug(`${signal} ignored: the primary stops the workers`);
  };

  constructor(
    private readonly logger: Logger,
    private readonly handleSignals: boolean,
  ) {
    process.on('message', this.onMessage);
    observeBoundServers((socket) => {
      this.sockets.push(socket);
      socket.on('connection', () => (this.lastAcceptedAt = performance.now()));
    });
    if (handleSignals) {
      process.on('SIGINT', this.onSignal);
      process.on('SIGTERM', this.onSignal);
    }
  }

  /** The worker serves: tell the primary what it bound; drain at once if a stop came during startup. */
  started(server: Server): void {
    this.server = server;
    this.send({ tsgi: 'listening', addresses: server.addresses });
    if (this.stopRequested) this.stop();
  }

  /** `serve()` failed in this worker: tell the primary why, then let the process exit. */
  failed(error: unknown): void {
    this.detach();
    const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
    this.send({ tsgi: 'failed', name, message }, () => {
      // The channel would keep the process alive. Worker.disconnect(), unlike process.disconnect(), marks the
      // disconnect as asked for, so Node does not exit at once with code 0: the caller handles the rejection and
      // the process ends with the exit code it sets.
      if (process.connected) cluster.worker?.disconnect();
    });
    setTimeout(() => process.exit(process.exitCode || 1), FAILED_EXIT_GRACE_MS).unref();
  }

  private requestStop(why: string): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    this.logger.debug(`stopping: ${why}`);
    this.stop();
  }

  private stop(): void {
    if (this.stopping || this.server === null) return;
    this.stopping = true;
    const server = this.server;
    // Stop accepting: the primary then hands new connections to the other workers (a closed worker answers its
    // hand-over with "not accepted" and the primary passes the connection on).
    for (const socket of this.sockets) socket.close();
    const wait = this.lastAcceptedAt + FRESH_CONNECTION_GRACE_MS - performance.now();
    new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)))
      .then(() => server.close())
      .then(
        // setImmediate: the code awaiting `server.closed` (the CLI's "stopped" line) runs first.
        () => setImmediate(() => this.exit(0)),
        (error: unknown) => {
          this.logger.error('graceful stop failed', error);
          this.exit(1);
        },
      );
  }

  private exit(code: number): void {
    this.detach();
    process.exit(code);
  }

  private detach(): void {
    process.off('message', this.onMessage);
    if (this.handleSignals) {
      process.off('SIGINT', this.onSignal);
      process.off('SIGTERM', this.onSignal);
    }
  }

  private send(message: ClusterMessage, done?: () => void): void {
    if (!process.connected || process.send === undefined) {
      done?.();
      return;
    }
    process.send(message, undefined, {}, () => done?.());
  }
}
