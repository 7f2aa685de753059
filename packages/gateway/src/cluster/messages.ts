/**
 * @module The messages between a cluster primary and its workers (over the `node:cluster` IPC channel). Every one
 * carries a `tsgi` key, so an app's own `process.send()` messages pass through untouched.
 */
import type { BoundAddress } from '../launch.js';

/** Worker → primary: lifespan startup is done and every listener is bound. */
export interface ListeningMessage {
  /** The message kind. */
  readonly tsgi: 'listening';
  /** What the worker bound (in cluster mode the primary holds the sockets; every worker reports the same). */
  readonly addresses: readonly BoundAddress[];
}

/** Worker → primary: `serve()` failed in the worker (lifespan startup, a bind); the worker is about to exit. */
export interface FailedMessage {
  /** The message kind. */
  readonly tsgi: 'failed';
  /** The error's class name, e.g. `StartupFailedError`, `ListenError`. */
  readonly name: string;
  /** The error's message. */
  readonly message: string;
}

/** Primary → worker: stop gracefully (the single-process `close()`), then exit. */
export interface DrainMessage {
  /** The message kind. */
  readonly tsgi: 'drain';
}

/** Any message of this protocol. */
export type ClusterMessage = ListeningMessage | FailedMessage | DrainMessage;

/** Whether `value` is one of this protocol's messages (and not an app's own). */
export function isClusterMessage(value: unknown): value is ClusterMessage {
  return typeof value === 'object' && value !== null && typeof (value as { tsgi?: unknown }).tsgi === 'string';
}
