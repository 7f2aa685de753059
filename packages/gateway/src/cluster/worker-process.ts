/**
 * @module One forked worker as the primary sees it: when it listens, how it ended, and how to stop it within a
 * deadline.
 */
import type { Worker } from 'node:cluster';
import { ListenError, ServerError, StartupFailedError } from '../errors.js';
import type { BoundAddress } from '../launch.js';
import type { Logger } from '../logger.js';
import { isClusterMessage, type FailedMessage } from './messages.js';

/** How a worker process ended. */
export interface WorkerExit {
  /** The exit code, or `null` when a signal ended it. */
  readonly code: number | null;
  /** The signal that ended it, or `null`. */
  readonly signal: string | null;
}

/** One forked worker, tracked by the primary. */
export class WorkerProcess {
  /** Resolves with what the worker bound once it listens; rejects if it exits first. */
  readonly ready: Promise<readonly BoundAddress[]>;
  /** Resolves once the process has exited. */
  readonly exited: Promise<WorkerExit>;
  /** When it started listening (`performance.now()`), or `null` while it has not. */
  listeningSince: number | null = null;
  /** The primary asked it to stop: its exit is expected, not a crash to restart. */
  retiring = false;
  /** How it ended, once it has. */
  exit: WorkerExit | null = null;
  private failure: FailedMessage | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    /** The `node:cluster` worker. */
    readonly worker: Worker,
    /** Which of the N places this worker fills (0-based). */
    readonly slot: number,
  ) {
    let markReady!: (addresses: readonly BoundAddress[]) => void;
    let failReady!: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => ((markReady = resolve), (failReady = reject)));
    this.ready.catch(() => {}); // a worker that fails is reported through its exit as well
    this.exited = new Promise((resolve) => {
      worker.on('exit', (code: number | null, signal: string | null) => {
        this.exit = { code, signal };
        if (this.listeningSince === null) failReady(this.startupError(this.exit));
        resolve(this.exit);
      });
    });
    worker.on('message', (message: unknown) => {
      if (!isClusterMessage(message)) return;
      if (message.tsgi === 'listening') {
        this.listeningSince = performance.now();
        markReady(message.addresses);
        // A drain sent while the worker was still loading its script reached no listener and was lost: the
        // worker would serve on until the kill deadline. Asked to stop before it listened, it is asked again now.
        if (this.retiring && this.worker.isConnected()) this.worker.send({ tsgi: 'drain' });
      } else if (message.tsgi === 'failed') {
        this.failure = message;
      }
    });
    worker.on('error', () => {}); // an IPC write to a dying worker; its exit is what counts
  }

  /** `worker 3 (pid 1234)`: how log lines name it. */
  get label(): string {
    return `worker ${this.worker.id} (pid ${this.worker.process.pid ?? '?'})`;
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.worker.process.exitCode === null && this.worker.process.signalCode === null;
  }

  /**
   * Asks the worker to drain (its single-process graceful close, then exit); once `deadlineMs` has passed without
   * an exit, kills it with SIGKILL and logs that. Idempotent.
   */
  stop(deadlineMs: number, logger: Logger): Promise<void> {
    this.retiring = true;
    this.stopping ??= (async () => {
      if (!this.alive) return;
      if (this.worker.isConnected()) this.worker.send({ tsgi: 'drain' });
      else this.worker.process.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
      const outcome = await Promise.race([this.exited, late]);
      clearTimeout(timer);
      if (outcome === 'late') {
        logger.warn(`${this.label} did not stop within ${deadlineMs} ms; killing it (SIGKILL)`);
        this.worker.process.kill('SIGKILL');
        await this.exited;
      }
    })();
    return this.stopping;
  }

  /** The error `serve()` rejects with when this worker ended before listening. */
  private startupError(exit: WorkerExit): ServerError {
    const how = `${this.label} exited with code ${exit.code ?? 'none'} (signal ${exit.signal ?? 'none'}) before listening`;
    const failure = this.failure;
    if (failure?.name === 'ListenError') return new ListenError(`${how}: ${failure.message}`);
    if (failure === null) return new StartupFailedError(how);
    // StartupFailedError's own prefix is added again by the constructor.
    const detail = failure.message.replace(/^application startup failed: /, '');
    return new StartupFailedError(`${how}: ${detail}`);
  }
}
