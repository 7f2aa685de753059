/**
 * @module What the streams of one HTTP/2 session share (its connection, its count of open streams, one `error`
 * listener): made once per session, so a stream's port needs no closures of its own for these.
 */
import type { Connection } from './connection.js';
import type { NodeRuntime } from './runtime.js';

/** The state one HTTP/2 session's streams share. */
export interface H2SessionState {
  /** The server's runtime: options, logger, the app. */
  readonly runtime: NodeRuntime;
  /** The connection the session runs on (its ends, for the scopes). */
  readonly connection: Connection;
  /** Streams not yet closed (the session's idle timeout closes it only at 0). */
  open: number;
  /** The `error` listener of every stream of the session (an unheard `error` would crash the process). */
  readonly onStreamError: (error: Error) => void;
}

/** The shared state of a new session on `connection`. */
export function h2SessionState(runtime: NodeRuntime, connection: Connection): H2SessionState {
  const onStreamError = (error: Error): void => runtime.logger.debug(`h2 stream error: ${error.message}`);
  return { runtime, connection, open: 0, onStreamError };
}
