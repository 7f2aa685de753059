/** @module One access-log entry per request, the same for every protocol. */
import type { GatewayRuntime } from './runtime.js';
import type { ConnectionInfo } from './stream/scope.js';

/** What a finished stream reports (see `StreamObserver`). */
export interface FinishedStream {
  /** Status code of the response as sent (0 if no head was prepared). */
  readonly status: number;
  /** Response body bytes put on the wire. */
  readonly bytesSent: number;
  /** `true` when the response was cut off rather than completed. */
  readonly aborted: boolean;
}

/** Writes the entry for one request if access logging is on. */
export function logAccess(
  runtime: GatewayRuntime,
  info: ConnectionInfo,
  method: string,
  target: string,
  httpVersion: string,
  stream: FinishedStream,
  startedAt: number,
): void {
  const log = runtime.options.accessLog;
  if (log === null) return;
  log({
    client: info.client === null ? '-' : `${info.client[0]}:${info.client[1]}`,
    method,
    target,
    httpVersion,
    status: stream.status,
    bytes: stream.bytesSent,
    durationMs: performance.now() - startedAt,
  });
}
