/** @module How a violation surfaces: thrown from the offending call (the default), or handed to a callback. */
import type { ValidationError } from './errors.js';

/** Called with each violation when the validator runs in report mode; the call then goes through unchanged. */
export type ViolationHandler = (violation: ValidationError) => void;

/** Options of {@link validate} and {@link validateScopeRejection}. */
export interface ValidateOptions {
  /**
   * `'throw'` (the default): the offending `send()`, `receive()` or app call rejects with the
   * {@link ValidationError}, and a message that broke a rule is not passed on. A function: each violation is passed
   * to it and every call goes through unchanged, so the validator can stand in front of real traffic and log.
   */
  readonly onViolation?: 'throw' | ViolationHandler;
}

/** Turns violations into the configured behaviour, and remembers whether any was seen in this scope. */
export class Reporter {
  /** `true` while no violation has been seen. */
  clean = true;
  /** Throw mode: the first violation thrown in this scope, so an app that catches it cannot hide it. */
  thrown: ValidationError | undefined;
  private readonly handler: 'throw' | ViolationHandler;

  constructor(options: ValidateOptions = {}) {
    this.handler = options.onViolation ?? 'throw';
  }

  /** `true` in the default mode, where a violation stops the offending call. */
  get throws(): boolean {
    return this.handler === 'throw';
  }

  /**
   * Handles the violations of one call. Returns the error the call must reject with (throw mode: the first
   * violation), or `undefined` when the call goes on (none, or each handed to the callback).
   */
  raise(violations: readonly ValidationError[]): ValidationError | undefined {
    if (violations.length === 0) return undefined;
    this.clean = false;
    if (this.handler === 'throw') {
      this.thrown ??= violations[0];
      return violations[0];
    }
    for (const violation of violations) this.handler(violation);
    return undefined;
  }
}
