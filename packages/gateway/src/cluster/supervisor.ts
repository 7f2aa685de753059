/**
 * @module The primary of cluster mode (`workers > 1`). It runs no app code: it forks the workers (each re-runs the
 * main script, whose `serve()` serves the app), restarts those that die with a bounded back-off, rolls them over
 * one by one on `reload()` or SIGHUP, and drains them all on `close()`, SIGINT or SIGTERM.
 *
 * Connections: with round-robin scheduling the primary owns the listening sockets and hands each accepted
 * connection to a worker, so connections keep being accepted while workers come and go; a worker that is draining
 * has closed its listeners and is handed nothing more. A connection already handed to a worker that then crashes
 * is lost with it. (When every worker of a `port: 0` listener is gone at once, the primary closes that socket and
 * the next worker binds a new free port.)
 */
import cluster from 'node:cluster';
import type { BoundAddress, Server } from '../launch.js';
import type { Logger } from '../logger.js';
import type { ResolvedGatewayOptions } from '../options.js';
import { WorkerProcess, type WorkerExit } from './worker-process.js';

/** Restart back-off: the first delay, the cap, and how long a worker must stay up for the delay to start over. */
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 10_000;
const BACKOFF_RESET_AFTER_MS = 30_000;
/** Added to a worker's own bounds (drain, then lifespan shutdown) before the primary kills it. */
const STOP_MARGIN_MS = 1000;

/** Runs the cluster; {@link superviseWorkers} is its entry point. */
class Supervisor {
  /** The worker filling each place; a place is `null` between a crash and its restart. */
  private readonly current: (WorkerProcess | null)[];
  /** Every worker process not yet exited (during a rolling restart a place has two). */
  private readonly live = new Set<WorkerProcess>();
  private readonly delays: number[];
  private readonly restarts = new Map<number, NodeJS.Timeout>();
  /** The first generation is up; until then an exit fails `serve()` rather than being restarted. */
  private started = false;
  private stopping = false;
  private rolling: Promise<void> | null = null;
  private rollAgain = false;
  private readonly logger: Logger;
  private readonly stopDeadlineMs: number;

  constructor(private readonly options: ResolvedGatewayOptions) {
    this.logger = options.logger;
    this.current = Array.from({ length: options.workers }, () => null);
    this.delays = this.current.map(() => BACKOFF_FIRST_MS);
    this.stopDeadlineMs = options.shutdownTimeout + options.lifespanTimeout + STOP_MARGIN_MS;
  }

  /** Forks every worker; resolves with their addresses once all listen, or rejects when one ends before. */
  async start(): Promise<readonly BoundAddress[]> {
    // Round-robin (Node's default except on Windows), set explicitly: the primary must own the listening sockets
    // for connections to be accepted while workers are replaced. It is read when the first worker is forked.
    cluster.schedulingPolicy = cluster.SCHED_RR;
    const first = this.current.map((_, slot) => this.fork(slot));
    try {
      const addresses = await Promise.all(first.map((worker) => worker.ready));
      this.started = true;
      // One that listened and then died while the others were starting was not restarted then: it is now.
      for (const worker of first) if (worker.exit !== null) this.onExit(worker, worker.exit);
      const pids = first.map((worker) => worker.worker.process.pid).join(', ');
      this.logger.info(`cluster: ${first.length} workers (pids ${pids}), round-robin`);
      return addresses[0]!;
    } catch (error) {
      this.stopping = true;
      await Promise.all([...this.live].map((worker) => worker.stop(this.stopDeadlineMs, this.logger)));
      throw error;
    }
  }

  private fork(slot: number): WorkerProcess {
    const worker = new WorkerProcess(cluster.fork(), slot);
    this.current[slot] ??= worker;
    this.live.add(worker);
    void worker.exited.then((exit) => {
      this.live.delete(worker);
      this.onExit(worker, exit);
    });
    return worker;
  }

  /** A worker has exited: unless it was asked to, or serve() is still starting, restart its place. */
  private onExit(worker: WorkerProcess, { code, signal }: WorkerExit): void {
    if (!this.started || this.stopping || worker.retiring || this.current[worker.slot] !== worker) return;
    this.current[worker.slot] = null;
    this.scheduleRestart(worker, `exited with code ${code ?? 'none'} (signal ${signal ?? 'none'})`);
  }

  private scheduleRestart(worker: WorkerProcess, how: string): void {
    const { slot } = worker;
    const upMs = worker.listeningSince === null ? 0 : performance.now() - worker.listeningSince;
    if (upMs >= BACKOFF_RESET_AFTER_MS) this.delays[slot] = BACKOFF_FIRST_MS;
    const delay = this.delays[slot]!;
    this.delays[slot] = Math.min(delay * 2, BACKOFF_MAX_MS);
    this.logger.warn(`${worker.label} ${how}; restarting in ${delay} ms`);
    this.restarts.set(
      slot,
      setTimeout(() => {
        this.restarts.delete(slot);
        if (!this.stopping && this.current[slot] === null) this.fork(slot);
      }, delay),
    );
  }

  /** Rolling restart; a request during one runs another after it (workers forked before it may run old code). */
  reload(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (this.rolling !== null) {
      this.rollAgain = true;
      return this.rolling;
    }
    this.rolling = (async () => {
      do {
        this.rollAgain = false;
        await this.roll();
      } while (this.rollAgain && !this.stopping);
    })().finally(() => (this.rolling = null));
    return this.rolling;
  }

  private async roll(): Promise<void> {
    this.logger.info(`rolling restart of ${this.current.length} workers`);
    for (let slot = 0; slot < this.current.length; slot++) {
      if (this.stopping) return;
      const fresh = this.fork(slot);
      try {
        await fresh.ready;
      } catch (error) {
        this.logger.error(`rolling restart stopped: the replacement failed; the other workers keep serving`, error);
        return;
      }
      if (this.stopping) return;
      const previous = this.current[slot];
      this.current[slot] = fresh;
      clearTimeout(this.restarts.get(slot));
      this.restarts.delete(slot);
      // Retire before moving on: at most one extra worker at a time, and the replacement is already accepting.
      if (previous !== null && previous !== fresh) await previous.stop(this.stopDeadlineMs, this.logger);
    }
    this.logger.info('rolling restart done');
  }

  /** Drains every worker (each within the deadline, else SIGKILL); no more restarts. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.restarts.values()) clearTimeout(timer);
    this.restarts.clear();
    await Promise.all([...this.live].map((worker) => worker.stop(this.stopDeadlineMs, this.logger)));
  }
}

/**
 * Cluster mode in the primary: forks `options.workers` workers and returns a {@link Server} once all of them
 * listen. Rejects with the first failing worker's error (`StartupFailedError`, `ListenError`) naming its exit
 * code, after stopping the others. With `handleSignals`, SIGINT and SIGTERM close, SIGHUP reloads.
 */
export async function superviseWorkers(options: ResolvedGatewayOptions): Promise<Server> {
  const supervisor = new Supervisor(options);
  const addresses = await supervisor.start();
  const { logger } = options;
  let closing: Promise<void> | null = null;
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const onStop = (signal: NodeJS.Signals): void => {
    logger.info(`${signal} received: stopping the workers gracefully`);
    void close();
  };
  const onReload = (): void => {
    logger.info('SIGHUP received: rolling restart');
    void reload();
  };
  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (options.handleSignals) {
        process.off('SIGINT', onStop);
        process.off('SIGTERM', onStop);
        process.off('SIGHUP', onReload);
      }
      await supervisor.stop();
      markClosed();
    })();
    return closing;
  };
  const reload = (): Promise<void> => supervisor.reload();
  if (options.handleSignals) {
    process.on('SIGINT', onStop);
    process.on('SIGTERM', onStop);
    process.on('SIGHUP', onReload);
  }
  return { addresses, close, closed, reload };
}
