/**
 * @module Runs the app's `lifespan` scope (spec: LIFESPAN-*).
 *
 * Theory of operation. The app is called once with a lifespan scope. Its first `receive()` yields
 * `lifespan.startup`; the server then waits for `startup.complete` or `startup.failed`. An app that throws or
 * returns before its first `receive()` does not support lifespan (LIFESPAN-UNSUPPORTED); one that throws or returns
 * after it, before answering, has failed to start (LIFESPAN-STARTUP-ERROR). At shutdown the second `receive()`
 * yields `lifespan.shutdown` and the server waits for `shutdown.complete` or `shutdown.failed`.
 */
import {
  InvalidMessageError,
  LIFESPAN_SPEC_VERSION,
  TSGI_VERSION,
  type Application,
  type LifespanReceiveMessage,
  type LifespanScope,
  type ReceiveMessage,
  type SendMessage,
  type State,
} from '@tsgi/spec';
import { StartupFailedError } from '../errors.js';
import type { Logger } from '../logger.js';

type Phase = 'IDLE' | 'STARTING' | 'STARTED' | 'UNSUPPORTED' | 'STOPPING' | 'STOPPED' | 'FAILED';
type Outcome = { ok: true } | { ok: false; message: string; cause?: unknown };

/** Drives one app's lifespan. */
export class Lifespan {
  /** The state the app fills at startup; requests get shallow copies. */
  readonly state: State = {};
  #phase: Phase = 'IDLE';
  #receives = 0;
  #settle: ((outcome: Outcome) => void) | null = null;
  #shutdownSignal: (() => void) | null = null;
  #shutdownRequested = false;
  #appEndedEarly = false;

  constructor(
    private readonly app: Application,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  /** Runs startup. Resolves when the app is ready (or has no lifespan); rejects with {@link StartupFailedError}. */
  async startup(): Promise<void> {
    const scope: LifespanScope = {
      type: 'lifespan',
      tsgi: { version: TSGI_VERSION, specVersion: LIFESPAN_SPEC_VERSION },
      state: this.state,
      extensions: {},
    };
    this.#phase = 'STARTING';
    const outcome = new Promise<Outcome>((resolve) => (this.#settle = resolve));
    const running = (async () => this.app(scope, () => this.#receive(), (m) => this.#send(m)))();
    running.then(
      () => this.#appEnded(undefined, false),
      (error: unknown) => this.#appEnded(error, true),
    );
    const result = await this.#withTimeout(outcome, 'startup');
    if ((this.#phase as Phase) === 'UNSUPPORTED') return;
    if (!result.ok) {
      this.#phase = 'FAILED';
      throw new StartupFailedError(result.message, { cause: result.cause });
    }
    this.#phase = 'STARTED';
  }

  /** Runs shutdown if startup completed; never rejects (failures are logged, spec LIFESPAN-SHUTDOWN). */
  async shutdown(): Promise<void> {
    if (this.#phase !== 'STARTED') return;
    if (this.#appEndedEarly) {
      this.logger.debug('lifespan: the app ended after startup; no shutdown to run');
      return;
    }
    this.#phase = 'STOPPING';
    const outcome = new Promise<Outcome>((resolve) => (this.#settle = resolve));
    this.#shutdownRequested = true;
    this.#shutdownSignal?.();
    try {
      const result = await this.#withTimeout(outcome, 'shutdown');
      if (!result.ok) this.logger.error(`application shutdown failed: ${result.message}`, result.cause);
    } catch (error) {
      this.logger.error(String((error as Error).message));
    }
    this.#phase = 'STOPPED';
  }

  #receive(): Promise<ReceiveMessage> {
    this.#receives++;
    if (this.#receives === 1) return Promise.resolve<LifespanReceiveMessage>({ type: 'lifespan.startup' });
    if (this.#shutdownRequested) return Promise.resolve<LifespanReceiveMessage>({ type: 'lifespan.shutdown' });
    return new Promise((resolve) => {
      this.#shutdownSignal = () => resolve({ type: 'lifespan.shutdown' });
    });
  }

  #send(message: SendMessage): Promise<void> {
    const type = (message as { type?: unknown } | null)?.type;
    const expected = this.#phase === 'STARTING' ? 'startup' : this.#phase === 'STOPPING' ? 'shutdown' : null;
    const answered = this.#settle === null; // a second complete/failed for the same phase
    if (expected === null || answered || (type !== `lifespan.${expected}.complete` && type !== `lifespan.${expected}.failed`)) {
      return Promise.reject(new InvalidMessageError(`lifespan: unexpected message ${JSON.stringify(type)} now`));
    }
    const settle = this.#settle;
    this.#settle = null;
    if (type === `lifespan.${expected}.complete`) settle?.({ ok: true });
    else settle?.({ ok: false, message: String((message as { message?: unknown }).message ?? '') });
    return Promise.resolve();
  }

  #appEnded(error: unknown, threw: boolean): void {
    this.#appEndedEarly = this.#phase === 'STARTING' || this.#phase === 'STARTED';
    const settle = this.#settle;
    if (settle === null) {
      // The app ended after answering: fine unless it threw while running.
      if (threw && this.#appEndedEarly) this.logger.error('lifespan: the app failed after startup', error);
      return;
    }
    this.#settle = null;
    if (this.#phase === 'STARTING' && this.#receives === 0) {
      this.#phase = 'UNSUPPORTED'; // spec LIFESPAN-UNSUPPORTED
      this.logger.debug(`lifespan unsupported by the app (${threw ? String(error) : 'it returned'}); serving without it`);
      settle({ ok: true });
      return;
    }
    const what = threw ? (error instanceof Error ? error.message : String(error)) : 'the app returned without answering';
    settle({ ok: false, message: what, cause: threw ? error : undefined });
  }

  #withTimeout(outcome: Promise<Outcome>, what: string): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<Outcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, message: `lifespan ${what} did not finish within ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
    });
    return Promise.race([outcome, limit]).finally(() => clearTimeout(timer));
  }
}
