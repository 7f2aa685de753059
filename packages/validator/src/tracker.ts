/** @module What validate() needs from the per-scope checkers: the interface each protocol's tracker implements. */
import type { ValidationError } from './errors.js';

/**
 * One violation found in a message the app sends, and whether a conforming server rejects that message
 * (MSG-INVALID: the scope state stays as it was) or accepts and corrects it (HTTP-RESP-RULE-POLICY).
 */
export interface Finding {
  readonly error: ValidationError;
  readonly rejects: boolean;
  /** A rejection the server may defer to the first body: an invalid `content-length` (MSG-INVALID). */
  readonly deferrable?: boolean;
}

/** A violation the server rejects with `TSGI_INVALID_MESSAGE` (MSG-INVALID). */
export function rejected(error: ValidationError): Finding {
  return { error, rejects: true };
}

/** A violation the server accepts, correcting the wire or ignoring a key (HTTP-RESP-RULE-POLICY, EXT-ADVERTISED). */
export function corrected(error: ValidationError): Finding {
  return { error, rejects: false };
}

/** The result of checking one message the app sends. */
export interface SendVerdict {
  readonly findings: readonly Finding[];
  /** Advances the tracker as a server does when it accepts the message; validate() calls it only then. */
  apply(): void;
  /**
   * Set for a message a server may refuse with `TSGI_INVALID_MESSAGE` though it breaks no rule: a path send of a
   * file that cannot be opened (EXT-PATHSEND-FAIL). validate() calls it when `send()` rejects; it undoes apply()
   * when the rejection leaves the response as it was, and resolves to the server-side violations of the rejection.
   */
  refused?(error: unknown): Promise<ValidationError[]>;
}

/** Follows one app call (one scope) from both sides. validate() makes one per call. */
export interface ScopeTracker {
  /** Checks a message the app is about to send (app side). */
  checkSend(message: unknown): SendVerdict;
  /**
   * Called when the app calls `receive()`; returns the check, run when the server's promise resolves, of the
   * message it yields (server side). It sees the state both at the call and at the answer.
   */
  receiving(): (message: unknown) => ValidationError[];
  /** Records that `send()` rejected with a client-disconnected error. */
  clientDisconnected(): void;
  /** `true` once the client has gone before the response was complete (so `send()` must reject). */
  clientGone(): boolean;
  /** Checks the state the app left behind when its promise resolved (app side). */
  returned(): ValidationError[];
}

/** The tracker for a scope of an advertised extension: this package knows none of its rules, so checks nothing. */
export const passThroughTracker: ScopeTracker = {
  checkSend: () => ({ findings: [], apply: () => undefined }),
  receiving: () => () => [],
  clientDisconnected: () => undefined,
  clientGone: () => false,
  returned: () => [],
};
