/**
 * @module Waiting for the protocol's write buffer to have room again (spec: FLOW-SEND-BACKPRESSURE): `send()`
 * resolves only once the port reported a drain, and rejects when the client goes away meanwhile
 * (FLOW-SEND-AFTER-DISCONNECT). A response whose writes never fill the buffer (most of them) never makes one.
 */

/** The one `send()` of a stream waiting for a drain. */
export class DrainWait {
  readonly promise: Promise<void>;
  #resolve!: () => void;
  #reject!: (error: Error) => void;

  constructor() {
    this.promise = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** The buffer has room: the waiting `send()` resolves. */
  open(): void {
    this.#resolve();
  }

  /** The client is gone: the waiting `send()` rejects with `error`. */
  fail(error: Error): void {
    this.#reject(error);
  }
}
