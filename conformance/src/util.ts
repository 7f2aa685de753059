/** @module Small async helpers shared by the suite: sleep, deadlines, gates, byte/text conversion. */

/** Thrown when an awaited step of a scenario did not happen in time (so no scenario can hang). */
export class StepTimeoutError extends Error {
  override readonly name = 'StepTimeoutError';
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Races `promise` against a deadline; rejects with {@link StepTimeoutError} naming `what` when it passes. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeoutError(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** A promise with its resolve function exposed. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** Creates a {@link Deferred}. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A one-shot gate a probe app waits on until the scenario opens it. */
export class Gate {
  readonly #d = deferred<void>();
  #open = false;
  /** Opens the gate; every current and future `wait()` resolves. */
  open(): void {
    this.#open = true;
    this.#d.resolve();
  }
  /** Whether {@link open} was called. */
  get isOpen(): boolean {
    return this.#open;
  }
  /** Resolves once the gate is open. */
  wait(): Promise<void> {
    return this.#d.promise;
  }
}

/** Latin-1 bytes of a byte string (one byte per UTF-16 code unit, which must be <= 0xFF). */
export function latin1(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

/** UTF-8 bytes of a text. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Decodes bytes as UTF-8 text. */
export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** Decodes bytes as a byte string (Latin-1, one code unit per byte). */
export function byteString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Deterministic pseudo-random bytes (so a large body has no repeating pattern a bug could hide behind). */
export function patternBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Polls `condition` every 5 ms until it holds; rejects with {@link StepTimeoutError} naming `what` after `ms`. */
export async function waitUntil(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new StepTimeoutError(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(5);
  }
}
