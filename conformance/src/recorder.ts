/**
 * @module The side channel between probe apps and scenarios. Servers run in-process, so a probe app pushes what
 * it observed (messages, errors, timings) into a {@link Recorder} the scenario reads and awaits.
 */
import { StepTimeoutError } from './util.js';

interface Waiter<T> {
  readonly predicate: (event: T) => boolean;
  readonly resolve: (event: T) => void;
}

/** An append-only event list that scenarios can await. */
export class Recorder<T = unknown> {
  /** Every event pushed so far, in order. */
  readonly events: T[] = [];
  #waiters: Waiter<T>[] = [];

  /** Appends an event and wakes the waiters it satisfies. */
  push(event: T): void {
    this.events.push(event);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.predicate(event)) return true;
      w.resolve(event);
      return false;
    });
  }

  /** The first event (past or future) that satisfies `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (event: T) => boolean, timeoutMs = 5_000, what = 'a recorded event'): Promise<T> {
    const found = this.events.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new StepTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}; recorded: ${this.describe()}`));
      }, timeoutMs);
      const waiter: Waiter<T> = {
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  /** A short JSON-ish rendering of the events, for failure messages. */
  describe(): string {
    try {
      return JSON.stringify(this.events, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
    } catch {
      return `${this.events.length} events`;
    }
  }
}
